import type { NextFetchEvent, NextRequest } from "next/server";
import { type NextMiddlewareWithAuth, withAuth } from "next-auth/middleware";
import { getConsoleEnv } from "@/env.ts";
import { isSessionTokenLive } from "@/server/auth-options.ts";

let guard: NextMiddlewareWithAuth | undefined;

/** Sends every visitor without a session to /signin, keeping where they wanted to go. */
export function proxy(request: NextRequest, event: NextFetchEvent) {
  guard ??= withAuth({
    secret: getConsoleEnv().authSecret,
    pages: { signIn: "/signin" },
    callbacks: { authorized: ({ token }) => isSessionTokenLive(token) },
  });
  return guard(request as Parameters<NextMiddlewareWithAuth>[0], event);
}

export const config = {
  matcher: ["/((?!api/auth|api/health|api/trpc|_next/static|_next/image|favicon.ico|signin).*)"],
};
