import { recordAudit } from "@fleetwire/access";
import { AppError, isAppError } from "@fleetwire/core";
import type { Command, Prisma } from "@fleetwire/db";
import type { CommandDeps, OperatorActor } from "./command-deps.ts";
import { toCommandView } from "./command-view.ts";
import { publishCommand } from "./publish-command.ts";
import { requireOperatorDevice } from "./resolve-device.ts";
import { type TCommandView, type TSendCommandRequest, ZSendCommandRequest } from "./schemas.ts";

const isUniqueViolation = (error: unknown) =>
  typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";

/**
 * An operator sends a command: stored as queued (with the audit entry, in one transaction), then
 * published to the device. It becomes delivered when the device answers (a receipt, or its result). A repeated idempotency key returns the first command
 * (`created: false`) and sends nothing; the same key with another name or params is a 409.
 */
export async function sendCommand(
  deps: CommandDeps,
  actor: OperatorActor,
  request: TSendCommandRequest,
): Promise<{ command: TCommandView; created: boolean; published: boolean }> {
  const input = ZSendCommandRequest.parse(request);
  const device = await requireOperatorDevice(deps.prisma, actor.organisationId, input.deviceId);
  const audit = {
    actor: { type: "operator" as const, id: actor.operatorId },
    action: "command.send",
    target: { type: "device", id: device.id },
    sourceIp: actor.sourceIp,
    organisationId: device.organisationId,
  };

  const existing = await findByKey(deps, device.id, input.idempotencyKey);
  if (existing) return { command: sameOrConflict(existing, input), created: false, published: false };

  let row: Command;
  try {
    row = await deps.prisma.$transaction(async (tx) => {
      const now = new Date();
      const created = await tx.command.create({
        data: {
          deviceId: device.id,
          name: input.name,
          params: input.params as Prisma.InputJsonObject,
          ttlSeconds: input.ttlSeconds,
          expiresAt: new Date(now.getTime() + input.ttlSeconds * 1000),
          idempotencyKey: input.idempotencyKey ?? null,
          createdById: actor.operatorId,
          queuedAt: now,
        },
      });
      await tx.deviceEvent.create({
        data: { deviceId: device.id, kind: "command_sent", details: { commandId: created.id, name: input.name } },
      });
      await recordAudit(tx, {
        ...audit,
        outcome: "success",
        details: { commandId: created.id, name: input.name, ttlSeconds: input.ttlSeconds },
      });
      return created;
    });
  } catch (error) {
    // Two calls with one idempotency key raced: the loser returns the winner's command.
    const winner = isUniqueViolation(error) ? await findByKey(deps, device.id, input.idempotencyKey) : undefined;
    if (winner) return { command: sameOrConflict(winner, input), created: false, published: false };
    await recordAudit(deps.prisma, {
      ...audit,
      outcome: "failure",
      reason: isAppError(error) ? error.message : "internal error",
      details: { name: input.name },
    }).catch(() => {});
    throw error;
  }

  // Stays queued until the device says it has it: the broker taking the message proves nothing
  // about the device (its online flag lags its real connection by a presence event).
  const published = await publishCommand(deps, device.fleetId, row);
  return { command: toCommandView(row), created: true, published };
}

async function findByKey(deps: CommandDeps, deviceId: string, key: string | undefined) {
  if (!key) return undefined;
  return (
    (await deps.prisma.command.findUnique({ where: { deviceId_idempotencyKey: { deviceId, idempotencyKey: key } } })) ??
    undefined
  );
}

function sameOrConflict(existing: Command, input: { name: string; params: unknown }): TCommandView {
  if (existing.name !== input.name || canonicalJson(existing.params) !== canonicalJson(input.params)) {
    throw new AppError("CONFLICT", "this idempotency key was used for a different command", {
      reason: "idempotency_key_reused",
      commandId: existing.id,
    });
  }
  return toCommandView(existing);
}

/** JSON with object keys sorted: PostgreSQL's jsonb does not keep the caller's key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
