import type { Prisma, PrismaClient } from "@fleetwire/db";

export type AuditActor = { type: "operator" | "api_token" | "device" | "system"; id?: string | null };

export interface AuditEntry {
  actor: AuditActor;
  action: string;
  target?: { type: string; id: string };
  outcome: "success" | "denied" | "failure";
  reason?: string;
  details?: Record<string, unknown>;
  sourceIp?: string;
  /** The organisation whose auditors may read the entry. */
  organisationId?: string;
}

/** Appends to the audit log (the table refuses UPDATE and DELETE). */
export async function recordAudit(prisma: PrismaClient | Prisma.TransactionClient, entry: AuditEntry): Promise<void> {
  await prisma.auditLog.create({
    data: {
      actorType: entry.actor.type,
      actorId: entry.actor.id ?? null,
      action: entry.action,
      targetType: entry.target?.type ?? null,
      targetId: entry.target?.id ?? null,
      outcome: entry.outcome,
      reason: entry.reason ?? null,
      details: (entry.details ?? {}) as Prisma.InputJsonValue,
      sourceIp: entry.sourceIp ?? null,
      organisationId: entry.organisationId ?? null,
    },
  });
}
