import type { Command } from "@fleetwire/db";
import type { TCommandMessage, TCommandView } from "./schemas.ts";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toCommandView(row: Command): TCommandView {
  return {
    id: row.id,
    deviceId: row.deviceId,
    name: row.name,
    params: row.params as Record<string, unknown>,
    status: row.status,
    ttlSeconds: row.ttlSeconds,
    expiresAt: row.expiresAt.toISOString(),
    idempotencyKey: row.idempotencyKey,
    createdById: row.createdById,
    queuedAt: row.queuedAt.toISOString(),
    deliveredAt: iso(row.deliveredAt),
    succeededAt: iso(row.succeededAt),
    failedAt: iso(row.failedAt),
    expiredAt: iso(row.expiredAt),
    result: row.response ?? null,
    error: row.error,
  };
}

export function toCommandMessage(row: Pick<Command, "id" | "name" | "params" | "expiresAt">): TCommandMessage {
  return {
    id: row.id,
    name: row.name,
    params: row.params as Record<string, unknown>,
    expires_at: row.expiresAt.toISOString(),
  };
}
