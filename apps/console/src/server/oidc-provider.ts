import type { OAuthConfig } from "next-auth/providers/oauth";
import type { ConsoleEnv } from "@/env.ts";
import { ZOperatorRole } from "@/lib/operator.schema.ts";

type OidcProfile = Record<string, unknown> & { sub: string; email?: string; name?: string };

/**
 * The production identity provider, enabled by FLEETWIRE_OIDC_*. The role comes from a claim
 * the identity provider issues; a person without a known role is not let in.
 */
export function createOidcProvider(oidc: NonNullable<ConsoleEnv["oidc"]>): OAuthConfig<OidcProfile> {
  return {
    id: "oidc",
    name: oidc.name,
    type: "oauth",
    wellKnown: new URL(".well-known/openid-configuration", `${oidc.issuer.replace(/\/$/, "")}/`).toString(),
    clientId: oidc.clientId,
    clientSecret: oidc.clientSecret,
    authorization: { params: { scope: "openid email profile" } },
    idToken: true,
    checks: ["pkce", "state"],
    profile(profile) {
      const role = ZOperatorRole.safeParse(profile[oidc.roleClaim]);
      return {
        id: profile.sub,
        email: profile.email ?? null,
        name: profile.name ?? null,
        role: role.success ? role.data : undefined,
      };
    },
  };
}
