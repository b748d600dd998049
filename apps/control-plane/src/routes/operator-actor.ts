import type { Caller } from "@fleetwire/access";

/** The authenticated operator as the shadow and command functions take it. */
export function operatorActor(ctx: { caller: Caller; ip: string }) {
  return {
    type: "operator" as const,
    operatorId: ctx.caller.operatorId,
    organisationId: ctx.caller.organisationId,
    sourceIp: ctx.ip,
  };
}
