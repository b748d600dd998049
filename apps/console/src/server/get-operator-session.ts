import { cookies, headers } from "next/headers";
import { getServerSession, type Session } from "next-auth";
import { getToken, type JWT } from "next-auth/jwt";
import { getConsoleEnv } from "@/env.ts";
import { getAuthOptions, isSessionTokenLive } from "./auth-options.ts";

/** The decoded session cookie; server-side only, as it holds the control-plane token. */
export async function getSessionToken(): Promise<JWT | null> {
  const req = { cookies: await cookies(), headers: await headers() };
  return getToken({ req: req as unknown as Parameters<typeof getToken>[0]["req"], secret: getConsoleEnv().authSecret });
}

/** The signed-in operator's session in server components and route handlers; null when absent or expired. */
export async function getOperatorSession(): Promise<Session | null> {
  if (!isSessionTokenLive(await getSessionToken())) return null;
  return getServerSession(getAuthOptions());
}
