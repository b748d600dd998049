import type { Redis } from "ioredis";

/** Per-device rejection counts: a Redis hash per device, one field per reason. */
export const rejectionCountsKey = (deviceId: string) => `fleetwire:ingest:rejections:${deviceId}`;

export async function incrementRejectionCount(redis: Redis, deviceId: string, reason: string): Promise<void> {
  await redis.hincrby(rejectionCountsKey(deviceId), reason, 1);
}

/** What the console shows: `{ schema_violation: 3, rate_limited: 12 }`. */
export async function readRejectionCounts(redis: Redis, deviceId: string): Promise<Record<string, number>> {
  const raw = await redis.hgetall(rejectionCountsKey(deviceId));
  return Object.fromEntries(Object.entries(raw).map(([reason, count]) => [reason, Number(count)]));
}
