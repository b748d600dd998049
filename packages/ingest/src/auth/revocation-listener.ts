import type { Redis } from "ioredis";
import { z } from "zod";

/**
 * Revocations reach every bridge process over Redis pub/sub: the control plane publishes one
 * JSON message per revoked certificate or PSK on this channel, right after setting revoked_at.
 * (Redis rather than Kafka device.events: every process must see every message, with no consumer
 * group bookkeeping; a missed message only lasts until the few-second cache TTL runs out.)
 *
 *   PUBLISH fleetwire:revocations '{"device_id":"dev-1","serial":"3f9a...","psk_identity":null}'
 */
export const REVOCATIONS_CHANNEL = "fleetwire:revocations";

export const ZRevocationMessage = z.object({
  device_id: z.string().min(1),
  serial: z.string().nullish(),
  psk_identity: z.string().nullish(),
});
export type TRevocationMessage = z.infer<typeof ZRevocationMessage>;

export interface RevocationTarget {
  deviceId: string;
  serial?: string;
  pskIdentity?: string;
}

/**
 * Subscribes `subscriber` (a dedicated connection: a subscribed Redis connection can do nothing
 * else) and calls `onRevoked` for each well-formed message. Resolves once subscribed.
 */
export async function listenForRevocations(
  subscriber: Redis,
  onRevoked: (target: RevocationTarget) => void,
): Promise<void> {
  subscriber.on("message", (channel: string, text: string) => {
    if (channel !== REVOCATIONS_CHANNEL) return;
    let parsed: ReturnType<typeof ZRevocationMessage.safeParse>;
    try {
      parsed = ZRevocationMessage.safeParse(JSON.parse(text));
    } catch {
      return;
    }
    if (!parsed.success) return;
    const m = parsed.data;
    onRevoked({
      deviceId: m.device_id,
      ...(m.serial ? { serial: m.serial } : {}),
      ...(m.psk_identity ? { pskIdentity: m.psk_identity } : {}),
    });
  });
  await subscriber.subscribe(REVOCATIONS_CHANNEL);
}

export async function publishRevocation(redis: Redis, message: TRevocationMessage): Promise<void> {
  await redis.publish(REVOCATIONS_CHANNEL, JSON.stringify(message));
}
