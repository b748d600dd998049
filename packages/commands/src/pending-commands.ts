import type { CommandDeps, DeviceActor } from "./command-deps.ts";
import { toCommandMessage } from "./command-view.ts";
import type { TCommandMessage } from "./schemas.ts";

/**
 * GET /v1/commands/pending for devices that only speak HTTPS: every command of the device that has
 * not ended and not expired, oldest first; queued ones become delivered. Commands already
 * delivered but unanswered come again (the previous response may have been lost), so the device
 * skips ids it has handled.
 */
export async function fetchPendingCommands(
  deps: CommandDeps,
  actor: DeviceActor,
  options: { limit?: number } = {},
): Promise<TCommandMessage[]> {
  const now = new Date();
  const rows = await deps.prisma.command.findMany({
    where: { deviceId: actor.deviceId, status: { in: ["queued", "delivered"] }, expiresAt: { gt: now } },
    orderBy: { queuedAt: "asc" },
    take: Math.min(Math.max(options.limit ?? 20, 1), 100),
  });
  const queued = rows.filter((r) => r.status === "queued").map((r) => r.id);
  if (queued.length > 0) {
    await deps.prisma.command.updateMany({
      where: { id: { in: queued }, status: "queued" },
      data: { status: "delivered", deliveredAt: now },
    });
  }
  return rows.map(toCommandMessage);
}
