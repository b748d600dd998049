import { AppError } from "@fleetwire/core";
import type { Prisma, PrismaClient } from "@fleetwire/db";
import { type Actor, auditedChange } from "@fleetwire/registry";
import { type TListAlertsRequest, type TResolveAlertRequest, ZListAlertsRequest } from "./alert.schema.ts";

const alertInclude = {
  device: { select: { id: true, fleetId: true } },
  rule: { select: { id: true, name: true } },
  resolvedBy: { select: { id: true, email: true } },
} satisfies Prisma.AlertInclude;
type AlertRow = Prisma.AlertGetPayload<{ include: typeof alertInclude }>;

function toAlert(row: AlertRow) {
  return {
    id: row.id,
    deviceId: row.deviceId,
    fleetId: row.device.fleetId,
    rule: row.rule,
    ruleVersion: row.ruleVersion,
    severity: row.severity,
    message: row.message,
    dedupKey: row.dedupKey,
    status: row.status,
    count: row.count,
    firstSeenAt: row.firstSeenAt.toISOString(),
    lastSeenAt: row.lastSeenAt.toISOString(),
    lastMessageId: row.lastMessageId,
    details: row.details,
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
    resolvedBy: row.resolvedBy,
  };
}
export type AlertView = ReturnType<typeof toAlert>;

const encodeCursor = (row: { lastSeenAt: Date; id: string }) =>
  Buffer.from(JSON.stringify([row.lastSeenAt.toISOString(), row.id])).toString("base64url");

function decodeCursor(cursor: string): { lastSeenAt: Date; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as [string, string];
    const lastSeenAt = new Date(at);
    if (typeof id === "string" && !Number.isNaN(lastSeenAt.getTime())) return { lastSeenAt, id };
  } catch {}
  throw new AppError("BAD_REQUEST", "the cursor is not one this API returned", { field: "cursor" });
}

/** A page of the caller's organisation's alerts, most recently seen first, with a cursor for the next. */
export async function listAlerts(prisma: PrismaClient, actor: Actor, request: TListAlertsRequest = {}) {
  const input = ZListAlertsRequest.parse(request);
  const after = input.cursor ? decodeCursor(input.cursor) : undefined;
  const rows = await prisma.alert.findMany({
    where: {
      device: {
        fleet: { organisationId: actor.organisationId },
        ...(input.fleetId && { fleetId: input.fleetId }),
      },
      ...(input.deviceId && { deviceId: input.deviceId }),
      ...(input.status && { status: input.status }),
      ...(input.severity && { severity: input.severity }),
      ...(input.ruleId && { ruleId: input.ruleId }),
      ...(after && {
        OR: [{ lastSeenAt: { lt: after.lastSeenAt } }, { lastSeenAt: after.lastSeenAt, id: { lt: after.id } }],
      }),
    },
    include: alertInclude,
    orderBy: [{ lastSeenAt: "desc" }, { id: "desc" }],
    take: input.limit + 1,
  });
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return { items: page.map(toAlert), nextCursor: rows.length > input.limit && last ? encodeCursor(last) : null };
}

/**
 * Resolves an active alert. The next firing of the same rule for the same device opens a new
 * alert (the alerts writer de-duplicates only while one is active).
 */
export async function resolveAlert(prisma: PrismaClient, actor: Actor, input: TResolveAlertRequest) {
  return auditedChange(
    prisma,
    actor,
    {
      action: "alert.resolve",
      target: { type: "alert", id: input.alertId },
      details: input.comment ? { comment: input.comment } : {},
    },
    async (tx) => {
      const current = await tx.alert.findFirst({
        where: { id: input.alertId, device: { fleet: { organisationId: actor.organisationId } } },
      });
      if (!current) throw new AppError("NOT_FOUND", `no alert with id ${input.alertId}`, { alertId: input.alertId });
      if (current.status === "resolved") {
        throw new AppError("CONFLICT", "the alert is already resolved", { alertId: input.alertId });
      }
      const row = await tx.alert.update({
        where: { id: input.alertId },
        data: { status: "resolved", resolvedAt: new Date(), resolvedById: actor.operatorId },
        include: alertInclude,
      });
      return toAlert(row);
    },
  );
}
