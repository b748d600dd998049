import { createHash } from "node:crypto";
import type { Redis } from "ioredis";

/**
 * Per-device token buckets in Redis, shared by every bridge process. One Lua script reads,
 * refills and takes tokens atomically, with Redis's own clock, so processes on different machines
 * agree. State per device: a hash {tokens, ts}; it expires once a full bucket would have refilled.
 *
 * The script takes a list of (key, cost) pairs and handles them in order, so one call serves
 * every take of an event-loop turn; the same key twice sees the first take's result. A script
 * may touch many keys because Fleetwire's Redis is one server (a replicated primary); a Redis
 * Cluster would need each call split by hash slot.
 */
const TOKEN_BUCKET_LUA = `
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local ttl = math.ceil(burst * 1000 / rate) + 1000
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local out = {}
for i, key in ipairs(KEYS) do
  local cost = tonumber(ARGV[i + 2])
  local state = redis.call('HMGET', key, 'tokens', 'ts')
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
  redis.call('HSET', key, 'tokens', tostring(tokens), 'ts', tostring(now))
  redis.call('PEXPIRE', key, ttl)
  out[#out + 1] = allowed
  out[#out + 1] = retry
  out[#out + 1] = math.floor(tokens)
end
return out
`;
const TOKEN_BUCKET_SHA = createHash("sha1").update(TOKEN_BUCKET_LUA).digest("hex");

/** Takes per script call at most; a busier turn is split, so one call never blocks Redis for long. */
const MAX_TAKES_PER_CALL = 500;

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

interface PendingTake {
  deviceId: string;
  cost: number;
  resolve(result: TakeResult): void;
  reject(error: unknown): void;
}

export class DeviceRateLimiter {
  private pending: PendingTake[] = [];

  constructor(
    private readonly redis: Redis,
    readonly limit: RateLimit,
  ) {}

  /**
   * Takes `cost` tokens (one per message) if the device has them; all or nothing. Takes asked
   * for in the same event-loop turn go to Redis together: one round trip and one script run for
   * a whole read of messages instead of one per message (about half the limiter's CPU, client
   * and Redis, at full load).
   */
  take(deviceId: string, cost = 1): Promise<TakeResult> {
    return new Promise<TakeResult>((resolve, reject) => {
      this.pending.push({ deviceId, cost, resolve, reject });
      if (this.pending.length === 1) setImmediate(() => this.flush());
    });
  }

  private flush() {
    const all = this.pending;
    this.pending = [];
    for (let i = 0; i < all.length; i += MAX_TAKES_PER_CALL) {
      const takes = all.slice(i, i + MAX_TAKES_PER_CALL);
      this.run(takes).then(
        (reply) => {
          takes.forEach((take, j) => {
            take.resolve({
              allowed: reply[3 * j] === 1,
              retryAfterMs: reply[3 * j + 1] ?? 0,
              remaining: reply[3 * j + 2] ?? 0,
            });
          });
        },
        (error: unknown) => {
          for (const take of takes) take.reject(error);
        },
      );
    }
  }

  private async run(takes: readonly PendingTake[]): Promise<number[]> {
    const keys = takes.map((t) => rateLimitKey(t.deviceId));
    const args = [...keys, this.limit.ratePerSecond, this.limit.burst, ...takes.map((t) => t.cost)];
    try {
      return (await this.redis.evalsha(TOKEN_BUCKET_SHA, keys.length, ...args)) as number[];
    } catch (error) {
      if (!String((error as Error).message).includes("NOSCRIPT")) throw error;
      return (await this.redis.eval(TOKEN_BUCKET_LUA, keys.length, ...args)) as number[];
    }
  }
}
