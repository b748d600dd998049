import { createHash } from "node:crypto";
import type { Redis } from "ioredis";

/**
 * A per-device token bucket in Redis, shared by every bridge process. One Lua script reads,
 * refills and takes tokens atomically, with Redis's own clock, so processes on different machines
 * agree. State: a hash {tokens, ts}; it expires once a full bucket would have refilled.
 */
const TOKEN_BUCKET_LUA = `
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1])
local ts = tonumber(state[2])
if tokens == nil or ts == nil then
  tokens = burst
  ts = now
end
tokens = math.min(burst, tokens + math.max(0, now - ts) * rate / 1000)
local allowed = 0
local retry = 0
if tokens >= cost then
  tokens = tokens - cost
  allowed = 1
else
  retry = math.ceil((cost - tokens) * 1000 / rate)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst * 1000 / rate) + 1000)
return {allowed, retry, math.floor(tokens)}
`;
const TOKEN_BUCKET_SHA = createHash("sha1").update(TOKEN_BUCKET_LUA).digest("hex");

export interface RateLimit {
  /** Sustained messages per second per device. */
  ratePerSecond: number;
  /** Messages a device may send at once after a quiet spell. */
  burst: number;
}

export interface TakeResult {
  allowed: boolean;
  /** When refused: how long until `cost` tokens are available. */
  retryAfterMs: number;
  remaining: number;
}

export const rateLimitKey = (deviceId: string) => `fleetwire:ratelimit:${deviceId}`;

export class DeviceRateLimiter {
  constructor(
    private readonly redis: Redis,
    readonly limit: RateLimit,
  ) {}

  /** Takes `cost` tokens (one per message) if the device has them; all or nothing. */
  async take(deviceId: string, cost = 1): Promise<TakeResult> {
    const args = [rateLimitKey(deviceId), this.limit.ratePerSecond, this.limit.burst, cost];
    let reply: unknown;
    try {
      reply = await this.redis.evalsha(TOKEN_BUCKET_SHA, 1, ...args);
    } catch (error) {
      if (!String((error as Error).message).includes("NOSCRIPT")) throw error;
      reply = await this.redis.eval(TOKEN_BUCKET_LUA, 1, ...args);
    }
    const [allowed, retryAfterMs, remaining] = reply as [number, number, number];
    return { allowed: allowed === 1, retryAfterMs, remaining };
  }
}
