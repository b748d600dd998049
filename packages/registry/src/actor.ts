import type { AuditActor, Caller } from "@fleetwire/access";

/** Who is making a registry call: the authenticated operator, and where the request came from. */
export type Actor = Caller & { sourceIp?: string };

export function auditActor(actor: Actor): AuditActor {
  return { type: "operator", id: actor.operatorId };
}
