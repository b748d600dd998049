import { recordAudit } from "@fleetwire/access";
import { AppError, isAppError } from "@fleetwire/core";
import type { Prisma, PrismaClient } from "@fleetwire/db";
import { type Actor, auditActor } from "./actor.ts";

type Target = { type: string; id: string };

export interface Change<T> {
  /** Dotted verb, e.g. `fleet.create`. */
  action: string;
  /** The target when known up front (updates); `targetOf` names it from the result (creates). */
  target?: Target;
  targetOf?: (result: T) => Target;
  details?: Record<string, unknown>;
  /** The CONFLICT message when a unique constraint refuses the write (a race the pre-check missed). */
  conflictMessage?: string;
}

export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}

/**
 * Runs a change and its audit entry in one transaction, so no change lands unaudited. A refused
 * or failed change is audited too, after its transaction rolled back, with the reason.
 */
export async function auditedChange<T>(
  prisma: PrismaClient,
  actor: Actor,
  change: Change<T>,
  work: (tx: Prisma.TransactionClient) => Promise<T>,
): Promise<T> {
  try {
    return await prisma.$transaction(async (tx) => {
      const result = await work(tx);
      await recordAudit(tx, {
        actor: auditActor(actor),
        action: change.action,
        target: change.targetOf?.(result) ?? change.target,
        outcome: "success",
        details: change.details,
        sourceIp: actor.sourceIp,
        organisationId: actor.organisationId,
      });
      return result;
    });
  } catch (error) {
    const refusal =
      isUniqueViolation(error) && change.conflictMessage ? new AppError("CONFLICT", change.conflictMessage) : error;
    await recordAudit(prisma, {
      actor: auditActor(actor),
      action: change.action,
      target: change.target,
      outcome: isAppError(refusal) && refusal.code === "FORBIDDEN" ? "denied" : "failure",
      reason: isAppError(refusal) ? refusal.message : "internal error",
      details: change.details,
      sourceIp: actor.sourceIp,
      organisationId: actor.organisationId,
    });
    throw refusal;
  }
}
