import type { NextAuthOptions } from "next-auth";
import type { JWT } from "next-auth/jwt";
import CredentialsProvider from "next-auth/providers/credentials";
import { getConsoleEnv } from "@/env.ts";
import { ZOperatorRole, ZSignInRequest } from "@/lib/operator.schema.ts";
import { createOidcProvider } from "./oidc-provider.ts";
import { signInWithControlPlane } from "./sign-in-with-control-plane.ts";

const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

/** A session lives only as long as the control-plane token inside it. */
export function isSessionTokenLive(token: JWT | null): boolean {
  return Boolean(token?.role && (token.controlPlaneTokenExpiresAt ?? Number.POSITIVE_INFINITY) > Date.now());
}

function createAuthOptions(): NextAuthOptions {
  const env = getConsoleEnv();
  const credentials = CredentialsProvider({
    id: "credentials",
    name: "Email and password",
    credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
    async authorize(input) {
      const parsed = ZSignInRequest.safeParse(input);
      if (!parsed.success) return null;
      const session = await signInWithControlPlane(env.controlPlaneUrl, parsed.data);
      if (!session) return null;
      const { operator } = session;
      return {
        id: operator.id,
        email: operator.email,
        name: operator.name ?? null,
        role: operator.role,
        controlPlaneToken: session.token,
        controlPlaneTokenExpiresAt: session.expiresAt.getTime(),
      };
    },
  });

  return {
    secret: env.authSecret,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/signin", error: "/signin" },
    providers: env.oidc ? [credentials, createOidcProvider(env.oidc)] : [credentials],
    callbacks: {
      // An identity without a platform role (OIDC claim missing) is refused at the door.
      signIn: ({ user }) => ZOperatorRole.safeParse(user.role).success,
      jwt({ token, user }) {
        if (user) {
          token.operatorId = user.id;
          token.role = ZOperatorRole.parse(user.role);
          token.controlPlaneToken = user.controlPlaneToken;
          token.controlPlaneTokenExpiresAt = user.controlPlaneTokenExpiresAt;
        }
        return token;
      },
      // What the browser may see: never the control-plane token.
      session({ session, token }) {
        session.operator = {
          id: token.operatorId,
          email: token.email ?? "",
          name: token.name ?? null,
          role: token.role,
        };
        return session;
      },
    },
  };
}

let cached: NextAuthOptions | undefined;

/** Built on first use, so `next build` does not need the console's runtime settings. */
export function getAuthOptions(): NextAuthOptions {
  cached ??= createAuthOptions();
  return cached;
}
