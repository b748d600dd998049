import { type TRuleMessage, ZRuleMessage } from "@fleetwire/rules";
import type { Redis } from "ioredis";

/**
 * The last messages per device and per fleet, as rules saw them, for dry runs. The rules workers
 * push each message after its routing committed; `rules.dryRun` reads them back newest first.
 *
 * Why Redis and not the tail of telemetry.raw: a device's last messages are scattered across a
 * partition shared with thousands of devices, so reading them back means scanning that partition
 * backwards; a fleet spans every partition. A capped list per key answers in one round trip.
 */
export const RECENT_PER_DEVICE = 50;
export const RECENT_PER_FLEET = 200;
const TTL_SECONDS = 7 * 24 * 3600;

export const recentDeviceKey = (deviceId: string) => `fleetwire:recent:device:${deviceId}`;
export const recentFleetKey = (fleetId: string) => `fleetwire:recent:fleet:${fleetId}`;

/** One pipeline for a batch: LPUSH per message, then one LTRIM and EXPIRE per touched list. */
export async function pushRecentMessages(redis: Redis, messages: readonly TRuleMessage[]): Promise<void> {
  if (messages.length === 0) return;
  const pipeline = redis.pipeline();
  const caps = new Map<string, number>();
  for (const message of messages) {
    const json = JSON.stringify(message);
    for (const [key, cap] of [
      [recentDeviceKey(message.deviceId), RECENT_PER_DEVICE],
      [recentFleetKey(message.fleetId), RECENT_PER_FLEET],
    ] as const) {
      pipeline.lpush(key, json);
      caps.set(key, cap);
    }
  }
  for (const [key, cap] of caps) {
    pipeline.ltrim(key, 0, cap - 1);
    pipeline.expire(key, TTL_SECONDS);
  }
  await pipeline.exec();
}

export type RecentSource = { deviceId: string } | { fleetId: string };

/** Newest first; entries that no longer parse (an older shape) are skipped. */
export async function readRecentMessages(redis: Redis, source: RecentSource, limit: number): Promise<TRuleMessage[]> {
  const key = "deviceId" in source ? recentDeviceKey(source.deviceId) : recentFleetKey(source.fleetId);
  const raw = await redis.lrange(key, 0, limit - 1);
  return raw.flatMap((text) => {
    try {
      const parsed = ZRuleMessage.safeParse(JSON.parse(text));
      return parsed.success ? [parsed.data] : [];
    } catch {
      return [];
    }
  });
}
