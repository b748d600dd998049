import { AppError } from "@fleetwire/core";
import type { Prisma, PrismaClient } from "@fleetwire/db";
import type { Actor } from "./actor.ts";
import { type TListAuditLogRequest, ZListAuditLogRequest } from "./audit-log.schema.ts";
import { decodeCursor, encodeCursor } from "./cursor.ts";
import { iso } from "./iso.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Which entries an organisation's auditors see: its own, and untagged ones (written before entries
 * carried the organisation, or by code that does not pass it) unless another organisation's
 * operator made them. Untagged device and system entries stay visible, as they were.
 */
async function organisationScope(prisma: PrismaClient, organisationId: string): Promise<Prisma.AuditLogWhereInput> {
  const operators = await prisma.operator.findMany({ where: { organisationId }, select: { id: true } });
  return {
    OR: [
      { organisationId },
      { organisationId: null, actorType: "operator", actorId: { in: operators.map((o) => o.id) } },
      { organisationId: null, actorType: { not: "operator" } },
    ],
  };
}

/**
 * A page of the caller's organisation's audit log, newest first, with an opaque cursor for the
 * next. Operator actors come back with their email so the console can say who did it.
 */
export async function listAuditLog(prisma: PrismaClient, actor: Actor, request: TListAuditLogRequest = {}) {
  const input = ZListAuditLogRequest.parse(request);
  let actorId = input.actor;
  if (actorId?.includes("@")) {
    const operator = await prisma.operator.findFirst({
      where: { email: actorId.toLowerCase(), organisationId: actor.organisationId },
    });
    if (!operator) return { items: [], nextCursor: null };
    actorId = operator.id;
  }
  let before: bigint | undefined;
  if (input.cursor) {
    const key = decodeCursor(input.cursor);
    if (!/^\d+$/.test(key)) throw new AppError("BAD_REQUEST", "the cursor is not one this API returned");
    before = BigInt(key);
  }
  const where: Prisma.AuditLogWhereInput = {
    ...(await organisationScope(prisma, actor.organisationId)),
    ...(input.action && { action: { startsWith: input.action } }),
    ...(actorId && { actorId }),
    ...(input.targetType && { targetType: input.targetType }),
    ...(input.targetId && { targetId: input.targetId }),
    ...(input.outcome && { outcome: input.outcome }),
    ...((input.since || input.until) && {
      at: {
        ...(input.since && { gte: new Date(input.since) }),
        ...(input.until && { lt: new Date(input.until) }),
      },
    }),
    ...(before !== undefined && { id: { lt: before } }),
  };
  const rows = await prisma.auditLog.findMany({ where, orderBy: { id: "desc" }, take: input.limit + 1 });
  const page = rows.slice(0, input.limit);

  const operatorIds = [
    ...new Set(
      page.filter((r) => r.actorType === "operator" && r.actorId && UUID.test(r.actorId)).map((r) => r.actorId),
    ),
  ] as string[];
  const operators = await prisma.operator.findMany({
    where: { id: { in: operatorIds } },
    select: { id: true, email: true },
  });
  const emailOf = new Map(operators.map((o) => [o.id, o.email]));

  const items = page.map((r) => ({
    id: r.id.toString(),
    at: iso(r.at),
    actor: {
      type: r.actorType,
      id: r.actorId,
      email: r.actorType === "operator" && r.actorId ? (emailOf.get(r.actorId) ?? null) : null,
    },
    action: r.action,
    target: r.targetType ? { type: r.targetType, id: r.targetId } : null,
    outcome: r.outcome,
    reason: r.reason,
    details: r.details,
    sourceIp: r.sourceIp,
  }));
  const last = page.at(-1);
  return { items, nextCursor: rows.length > input.limit && last ? encodeCursor(last.id.toString()) : null };
}
