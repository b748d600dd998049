import { AppError } from "@fleetwire/core";
import type { Redis } from "ioredis";

/**
 * A fixed-window counter in Redis, shared by every control-plane instance: at most `limit`
 * calls per `windowSeconds` per key (e.g. provisioning per source IP). Over the limit it throws
 * RATE_LIMITED with retryAfterSeconds.
 */
export async function enforceRateLimit(
  redis: Pick<Redis, "multi">,
  key: string,
  { limit, windowSeconds }: { limit: number; windowSeconds: number },
): Promise<void> {
  const window = Math.floor(Date.now() / 1000 / windowSeconds);
  const redisKey = `fleetwire:ratelimit:${key}:${window}`;
  const results = await redis
    .multi()
    .incr(redisKey)
    .expire(redisKey, windowSeconds + 1)
    .exec();
  const count = Number(results?.[0]?.[1] ?? 0);
  if (count > limit) {
    const retryAfterSeconds = windowSeconds - (Math.floor(Date.now() / 1000) % windowSeconds);
    throw new AppError("RATE_LIMITED", `too many requests; try again in ${retryAfterSeconds} s`, {
      reason: "rate_limited",
      retryAfterSeconds,
    });
  }
}
