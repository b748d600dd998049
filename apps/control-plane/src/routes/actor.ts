import type { Caller } from "@fleetwire/access";
import type { Actor } from "@fleetwire/registry";

/** The authenticated caller as the registry's domain functions take it (with the source address for audit). */
export function actorOf(ctx: { caller: Caller; ip: string }): Actor {
  return { ...ctx.caller, sourceIp: ctx.ip };
}
