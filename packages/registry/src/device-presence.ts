import type { BrokerPresenceEvent } from "@fleetwire/broker";
import type { Prisma, PrismaClient } from "@fleetwire/db";

/**
 * What a broker reports about a device's connection, whichever broker profile reported it (the
 * Mosquitto plugin's presence messages, EMQX's rule-engine events): the broker profile's own type.
 * `connectionStartedAt` names the connection: the broker's time of its CONNECT, the same on its
 * connect and its disconnect.
 */
export type DevicePresenceEvent = BrokerPresenceEvent;

export interface DevicePresence {
  online: boolean;
  connectionStartedAt: Date | null;
  lastSeenAt: Date | null;
}

const later = (a: Date | null, b: Date) => (a && a.getTime() >= b.getTime() ? a : b);

/**
 * The device's presence after an event. Events arrive late and out of order (several control-plane
 * processes share them; a session takeover announces the new connection before the old one's
 * disconnect), so the broker's order of connections decides, not arrival: an event of an older
 * connection than the current one leaves `online` alone, and for the same connection its
 * disconnect wins over its connect whichever came first. `lastSeenAt` only moves forward. A
 * refused CONNECT changes nothing: the device was not connected.
 */
export function nextDevicePresence(current: DevicePresence, event: DevicePresenceEvent): DevicePresence {
  if (event.kind === "rejected") return current;
  const lastSeenAt = later(current.lastSeenAt, event.at);
  const known = current.connectionStartedAt?.getTime() ?? Number.NEGATIVE_INFINITY;
  const started = event.connectionStartedAt.getTime();
  if (started > known) {
    return { online: event.kind === "connected", connectionStartedAt: event.connectionStartedAt, lastSeenAt };
  }
  if (started === known && event.kind === "disconnected") {
    return { online: false, connectionStartedAt: current.connectionStartedAt, lastSeenAt };
  }
  return { ...current, lastSeenAt };
}

export type RecordDevicePresenceResult =
  | { recorded: true; presence: DevicePresence }
  | { recorded: false; reason: "unknown_device" | "duplicate" };

/**
 * Records a broker presence event: a `device_events` row (connected / disconnected / rejected with
 * the event's details) and the device's `online`, `last_seen_at` and `connection_started_at` by
 * nextDevicePresence. The device row is locked for the transaction, so concurrent events of one
 * device apply one after the other. A client id that is no device (health probes, services, a
 * deleted device) is ignored; an event already recorded (QoS 1 redelivery: same device, kind and
 * time) is not recorded twice.
 */
export async function recordDevicePresence(
  prisma: PrismaClient,
  event: DevicePresenceEvent,
): Promise<RecordDevicePresenceResult> {
  return prisma.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<Array<{ online: boolean; started: Date | null; last_seen: Date | null }>>`
      SELECT online, connection_started_at AS started, last_seen_at AS last_seen
      FROM devices WHERE id = ${event.deviceId} FOR UPDATE`;
    if (!row) return { recorded: false, reason: "unknown_device" } as const;
    const seen = await tx.deviceEvent.findFirst({
      where: { deviceId: event.deviceId, kind: event.kind, at: event.at },
      select: { id: true },
    });
    if (seen) return { recorded: false, reason: "duplicate" } as const;

    const current: DevicePresence = { online: row.online, connectionStartedAt: row.started, lastSeenAt: row.last_seen };
    const next = nextDevicePresence(current, event);
    if (
      next.online !== current.online ||
      next.connectionStartedAt?.getTime() !== current.connectionStartedAt?.getTime() ||
      next.lastSeenAt?.getTime() !== current.lastSeenAt?.getTime()
    ) {
      await tx.device.update({
        where: { id: event.deviceId },
        data: { online: next.online, connectionStartedAt: next.connectionStartedAt, lastSeenAt: next.lastSeenAt },
      });
    }
    const details: Record<string, unknown> = {
      ...event.details,
      ...("reason" in event ? { reason: event.reason } : {}),
      ...("connectionStartedAt" in event ? { connection_started_at: event.connectionStartedAt.toISOString() } : {}),
    };
    await tx.deviceEvent.create({
      data: { deviceId: event.deviceId, kind: event.kind, at: event.at, details: details as Prisma.InputJsonObject },
    });
    return { recorded: true, presence: next } as const;
  });
}
