import type { TShadowView } from "./schemas.ts";

/** The few Redis calls the cache makes (ioredis satisfies it). */
export interface RedisLike {
  get(key: string): Promise<string | null>;
  eval(script: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
}

export interface ShadowCache {
  get(deviceId: string): Promise<TShadowView | undefined>;
  /** Stores `view` unless the cache already holds the same or a newer version. */
  put(view: TShadowView): Promise<void>;
}

// Set only if newer: a reader that loaded an old row from PostgreSQL, or a writer that commits
// first but caches last, can never replace a newer shadow with an older one.
const PUT_IF_NEWER = `
local current = redis.call('GET', KEYS[1])
if current then
  local ok, decoded = pcall(cjson.decode, current)
  if ok and decoded.version and decoded.version >= tonumber(ARGV[2]) then return 0 end
end
redis.call('SET', KEYS[1], ARGV[1], 'EX', tonumber(ARGV[3]))
return 1`;

/**
 * The current shadow of each device in Redis, for reads. PostgreSQL stays the truth: every write
 * replaces the cached copy after its transaction committed (versions only move forward), entries
 * expire after `ttlSeconds`, and a Redis failure only means reading from PostgreSQL.
 */
export function createRedisShadowCache(
  redis: RedisLike,
  options: { ttlSeconds?: number; prefix?: string; log?: { warn: (obj: object, msg: string) => void } } = {},
): ShadowCache {
  const ttl = options.ttlSeconds ?? 300;
  const key = (deviceId: string) => `${options.prefix ?? "fleetwire:shadow:"}${deviceId}`;
  return {
    async get(deviceId) {
      try {
        const raw = await redis.get(key(deviceId));
        return raw ? (JSON.parse(raw) as TShadowView) : undefined;
      } catch (err) {
        options.log?.warn({ err, deviceId }, "shadow cache read failed; reading PostgreSQL");
        return undefined;
      }
    },
    async put(view) {
      try {
        await redis.eval(PUT_IF_NEWER, 1, key(view.deviceId), JSON.stringify(view), view.version, ttl);
      } catch (err) {
        options.log?.warn({ err, deviceId: view.deviceId }, "shadow cache write failed");
      }
    },
  };
}
