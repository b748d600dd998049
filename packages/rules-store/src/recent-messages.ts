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

/**
 * One pipeline for a batch. Only the newest RECENT_PER_DEVICE per device and RECENT_PER_FLEET per
 * fleet would survive the LTRIM, so only those are serialized and sent: each kept message is
 * stringified once, and each list gets one LPUSH with all its values, then LTRIM and EXPIRE.
 * `messages` is oldest first (commit order), as the lists expect.
 */
export async function pushRecentMessages(redis: Redis, messages: readonly TRuleMessage[]): Promise<void> {
  if (messages.length === 0) return;
  // Newest first per list, walking the batch backwards and stopping each list at its cap.
  const byDevice = new Map<string, string[]>();
  const byFleet = new Map<string, string[]>();
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i] as TRuleMessage;
    const device = byDevice.get(message.deviceId) ?? [];
    const fleet = byFleet.get(message.fleetId) ?? [];
    if (device.length === 0) byDevice.set(message.deviceId, device);
    if (fleet.length === 0) byFleet.set(message.fleetId, fleet);
    const deviceWants = device.length < RECENT_PER_DEVICE;
    const fleetWants = fleet.length < RECENT_PER_FLEET;
    if (!deviceWants && !fleetWants) continue;
    const json = JSON.stringify(message);
    if (deviceWants) device.push(json);
    if (fleetWants) fleet.push(json);
  }
  const pipeline = redis.pipeline();
  const push = (key: string, newestFirst: string[], cap: number) => {
    // LPUSH inserts its values one after another at the head: oldest first leaves the newest on top.
    pipeline.lpush(key, ...newestFirst.reverse());
    pipeline.ltrim(key, 0, cap - 1);
    pipeline.expire(key, TTL_SECONDS);
  };
  for (const [deviceId, values] of byDevice) push(recentDeviceKey(deviceId), values, RECENT_PER_DEVICE);
  for (const [fleetId, values] of byFleet) push(recentFleetKey(fleetId), values, RECENT_PER_FLEET);
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
