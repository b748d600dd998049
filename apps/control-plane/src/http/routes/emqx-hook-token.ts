import { createHash, timingSafeEqual } from "node:crypto";
import { AppError } from "@fleetwire/core";
import type { FastifyRequest } from "fastify";

/**
 * EMQX's authn/authz requests carry the shared secret FLEETWIRE_EMQX_HOOK_SECRET as `x-emqx-token`
 * (a static header in emqx.conf). Without the setting the hooks refuse everything: EMQX treats a
 * non-200 answer as "ignore", and with no other authenticator that rejects the client (§2.2).
 */
export function assertEmqxHookToken(request: FastifyRequest, secret: string | undefined): void {
  if (!secret) throw new AppError("UNAVAILABLE", "FLEETWIRE_EMQX_HOOK_SECRET is not set");
  const header = request.headers["x-emqx-token"];
  const token = typeof header === "string" ? header : "";
  const digest = (value: string) => createHash("sha256").update(value).digest();
  if (!timingSafeEqual(digest(token), digest(secret))) throw new AppError("UNAUTHENTICATED", "bad x-emqx-token");
}
