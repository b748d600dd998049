import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { loadPlatformConfig } from "@fleetwire/config";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { DeviceRateLimiter, rateLimitKey } from "./token-bucket.ts";

// Against the machine's real Redis: the Lua script is what every bridge process shares.
const config = loadPlatformConfig();
const redis = new Redis(config.redisUrl);
const other = new Redis(config.redisUrl);
afterAll(() => {
  redis.disconnect();
  other.disconnect();
});

describe("DeviceRateLimiter (Redis token bucket)", () => {
  it("allows a burst, refuses beyond it with a retry time, and refills at the configured rate", async () => {
    const device = `dev-${randomUUID()}`;
    const limiter = new DeviceRateLimiter(redis, { ratePerSecond: 2, burst: 5 });
    const results = [];
    for (let i = 0; i < 6; i++) results.push(await limiter.take(device));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, true, true, false]);
    const wait = results[5]?.retryAfterMs ?? 0;
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(500); // 2/s: one token every 500 ms
    await sleep(wait + 50);
    expect((await limiter.take(device)).allowed).toBe(true);
    expect(await redis.pttl(rateLimitKey(device))).toBeGreaterThan(0);
  });

  it("is one bucket for every process: two connections share it, and a batch takes all or nothing", async () => {
    const device = `dev-${randomUUID()}`;
    const a = new DeviceRateLimiter(redis, { ratePerSecond: 1, burst: 4 });
    const b = new DeviceRateLimiter(other, { ratePerSecond: 1, burst: 4 });
    expect((await a.take(device, 3)).allowed).toBe(true);
    const refused = await b.take(device, 2);
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterMs).toBeGreaterThan(900);
    expect((await b.take(device, 1)).allowed).toBe(true);
  });

  it("answers takes made at the same moment in the order they were asked, each device on its own bucket", async () => {
    const [busy, quiet] = [`dev-${randomUUID()}`, `dev-${randomUUID()}`];
    const limiter = new DeviceRateLimiter(redis, { ratePerSecond: 1, burst: 5 });
    const results = await Promise.all([
      limiter.take(busy, 3),
      limiter.take(quiet, 5),
      limiter.take(busy, 3),
      limiter.take(busy, 2),
      limiter.take(quiet, 1),
    ]);
    expect(results.map((r) => r.allowed)).toEqual([true, true, false, true, false]);
    expect(results.map((r) => r.remaining)).toEqual([2, 0, 2, 0, 0]);
    expect(results[2]?.retryAfterMs).toBeGreaterThan(900);
  });

  it("serves a turn with more takes than one script call carries", async () => {
    const devices = Array.from({ length: 1_200 }, () => `dev-${randomUUID()}`);
    const limiter = new DeviceRateLimiter(redis, { ratePerSecond: 1, burst: 1 });
    const results = await Promise.all(devices.flatMap((d) => [limiter.take(d), limiter.take(d)]));
    expect(results.filter((r) => r.allowed)).toHaveLength(1_200);
    expect(results.every((r, i) => r.allowed === (i % 2 === 0))).toBe(true);
  });
});
