import { AppError } from "@fleetwire/core";
import type { Command, Prisma } from "@fleetwire/db";
import type { CommandDeps, DeviceActor } from "./command-deps.ts";
import { toCommandView } from "./command-view.ts";
import { type TCommandView, ZCommandReply } from "./schemas.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A device answers a command (MQTT response topic or HTTPS). `delivered` records receipt;
 * `succeeded`/`failed` end the command with the time and the device's result. Only the device
 * the command was sent to may answer (403 otherwise). An ended command keeps its first answer
 * (the same answer again is accepted, e.g. a QoS 1 redelivery); an expired one takes none.
 */
export async function recordCommandReply(
  deps: CommandDeps,
  actor: DeviceActor,
  input: { commandId: string | undefined; reply: unknown },
): Promise<TCommandView> {
  const parsed = ZCommandReply.safeParse(input.reply);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError(
      "VALIDATION_FAILED",
      `send {"status": "succeeded"|"failed", "result": ...}: ${issue?.path.join(".") || "body"}: ${issue?.message}`,
      { reason: "invalid_reply" },
    );
  }
  const reply = parsed.data;
  const commandId = input.commandId ?? reply.id;
  if (!commandId || !UUID.test(commandId)) {
    throw new AppError("VALIDATION_FAILED", "the reply names no command (correlation data or id)", {
      reason: "no_command_id",
    });
  }
  const command = await deps.prisma.command.findUnique({ where: { id: commandId } });
  if (!command) throw new AppError("NOT_FOUND", `no command ${commandId}`, { reason: "unknown_command" });
  if (command.deviceId !== actor.deviceId) {
    throw new AppError("FORBIDDEN", `command ${commandId} was not sent to ${actor.deviceId}`, {
      reason: "other_device",
    });
  }
  const now = new Date();
  if (reply.status === "delivered") {
    await deps.prisma.command.updateMany({
      where: { id: command.id, status: "queued" },
      data: { status: "delivered", deliveredAt: now },
    });
    return toCommandView(await deps.prisma.command.findUniqueOrThrow({ where: { id: command.id } }));
  }

  const ended = reply.status;
  const data: Prisma.CommandUpdateManyMutationInput = {
    status: ended,
    ...(ended === "succeeded" ? { succeededAt: now } : { failedAt: now }),
    response: (reply.result ?? null) === null ? undefined : (reply.result as Prisma.InputJsonValue),
    error: ended === "failed" ? errorText(reply.result) : null,
  };
  // The status guard makes the transition atomic: a concurrent sweep or a second answer cannot both win.
  const updated = await deps.prisma.$transaction(async (tx) => {
    const fromQueued = await tx.command.updateMany({
      where: { id: command.id, status: "queued" },
      data: { ...data, deliveredAt: now },
    });
    const fromDelivered = await tx.command.updateMany({ where: { id: command.id, status: "delivered" }, data });
    if (fromQueued.count + fromDelivered.count === 0) return undefined;
    await tx.deviceEvent.create({
      data: { deviceId: command.deviceId, kind: `command_${ended}`, details: { commandId: command.id } },
    });
    return tx.command.findUniqueOrThrow({ where: { id: command.id } });
  });
  if (updated) return toCommandView(updated);
  return refuseLateReply(await deps.prisma.command.findUniqueOrThrow({ where: { id: command.id } }), ended);
}

function refuseLateReply(current: Command, ended: "succeeded" | "failed"): TCommandView {
  if (current.status === ended) return toCommandView(current);
  if (current.status === "expired") {
    throw new AppError("CONFLICT", `command ${current.id} expired at ${current.expiresAt.toISOString()}`, {
      reason: "command_expired",
    });
  }
  throw new AppError("CONFLICT", `command ${current.id} already ${current.status}`, { reason: "already_ended" });
}

function errorText(result: unknown): string {
  if (typeof result === "string") return result.slice(0, 1000);
  const message =
    (result as { error?: unknown; message?: unknown } | null)?.error ??
    (result as { message?: unknown } | null)?.message;
  return typeof message === "string" ? message.slice(0, 1000) : "the device reported failure";
}
