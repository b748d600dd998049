import { randomUUID } from "node:crypto";
import { loadPlatformConfig } from "@fleetwire/config";
import type { TRuleMessage } from "@fleetwire/rules";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import {
  pushRecentMessages,
  RECENT_PER_DEVICE,
  RECENT_PER_FLEET,
  readRecentMessages,
  recentDeviceKey,
  recentFleetKey,
} from "./recent-messages.ts";

// Against the machine's real Redis: the list order is what LPUSH with several values makes of it.
const redis = new Redis(loadPlatformConfig().redisUrl);
const keys: string[] = [];
afterAll(async () => {
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

const message = (deviceId: string, fleetId: string, n: number): TRuleMessage => ({
  messageId: `m-${n}`,
  deviceId,
  fleetId,
  topic: "telemetry",
  payload: { n },
});
const ids = (messages: TRuleMessage[]) => messages.map((m) => m.messageId);

describe("recent messages (Redis lists per device and fleet)", () => {
  it("reads back newest first across batches, capped per device and per fleet", async () => {
    const fleet = `fleet-${randomUUID()}`;
    const devices = [`dev-${randomUUID()}`, `dev-${randomUUID()}`];
    keys.push(recentFleetKey(fleet), ...devices.map(recentDeviceKey));
    let n = 0;
    const batch = (size: number) =>
      Array.from({ length: size }, () => {
        n++;
        return message(devices[n % 2] as string, fleet, n);
      });
    await pushRecentMessages(redis, batch(4));
    expect(ids(await readRecentMessages(redis, { fleetId: fleet }, 10))).toEqual(["m-4", "m-3", "m-2", "m-1"]);
    expect(ids(await readRecentMessages(redis, { deviceId: devices[1] as string }, 10))).toEqual(["m-3", "m-1"]);

    // One batch larger than both caps, then a small one on top of it (the last message, n even, is devices[0]'s).
    await pushRecentMessages(redis, batch(2 * RECENT_PER_FLEET));
    await pushRecentMessages(redis, batch(2));
    const expected = (from: number, count: number, step: number) =>
      Array.from({ length: count }, (_, i) => `m-${from - i * step}`);
    const fleetRead = await readRecentMessages(redis, { fleetId: fleet }, 1_000);
    expect(ids(fleetRead)).toEqual(expected(n, RECENT_PER_FLEET, 1));
    const deviceRead = await readRecentMessages(redis, { deviceId: devices[0] as string }, 1_000);
    expect(ids(deviceRead)).toEqual(expected(n, RECENT_PER_DEVICE, 2));
    expect(deviceRead[0]).toEqual(message(devices[0] as string, fleet, n));
    expect(await redis.ttl(recentDeviceKey(devices[0] as string))).toBeGreaterThan(0);
  });
});
