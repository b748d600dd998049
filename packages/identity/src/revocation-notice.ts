import { KAFKA_TOPICS } from "@fleetwire/config";
import type { Redis } from "ioredis";
import type { Producer } from "kafkajs";
import { z } from "zod";

/**
 * Tells every ingest process that a credential is gone, right after revoked_at is committed.
 * Two channels: Redis pub/sub `fleetwire:revocations` (every bridge process sees every message;
 * packages/ingest's revocation-listener parses it) and Kafka `device.events` keyed by device id
 * (durable, for the device timeline and anything that replays). Both carry the same JSON:
 *
 *   {"type":"certificate.revoked","device_id":"dev-1","serial":"3f9a…","reason":"keyCompromise","at":"…"}
 *   {"type":"psk.revoked","device_id":"dev-1","psk_identity":"dev-1","reason":"…","at":"…"}
 *
 * The database stays the truth: a lost notice only delays refusal until a cache expires.
 */
export const REVOCATIONS_CHANNEL = "fleetwire:revocations";

export const ZRevocationNotice = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("certificate.revoked"),
    device_id: z.string(),
    serial: z.string(),
    reason: z.string(),
    at: z.string(),
  }),
  z.object({
    type: z.literal("psk.revoked"),
    device_id: z.string(),
    psk_identity: z.string(),
    reason: z.string(),
    at: z.string(),
  }),
]);
export type TRevocationNotice = z.infer<typeof ZRevocationNotice>;

export interface RevocationNotifier {
  publish(notices: TRevocationNotice[]): Promise<void>;
}

/**
 * Publishes to both channels; a channel that is down is logged, not thrown: the revocation has
 * already happened (database, CRL, broker) and must not be reported as failed.
 */
export function createRevocationNotifier(deps: {
  redis?: Pick<Redis, "publish">;
  producer?: Pick<Producer, "send">;
  log?: { warn: (obj: object, msg: string) => void };
}): RevocationNotifier {
  return {
    async publish(notices) {
      if (notices.length === 0) return;
      const texts = notices.map((n) => JSON.stringify(ZRevocationNotice.parse(n)));
      const results = await Promise.allSettled([
        deps.redis ? Promise.all(texts.map((t) => deps.redis?.publish(REVOCATIONS_CHANNEL, t))) : undefined,
        deps.producer
          ? withTimeout(
              deps.producer.send({
                topic: KAFKA_TOPICS.deviceEvents.name,
                acks: -1,
                messages: notices.map((n, i) => ({ key: n.device_id, value: texts[i] ?? "" })),
              }),
              5_000,
            )
          : undefined,
      ]);
      for (const [i, r] of results.entries()) {
        if (r.status === "rejected") {
          deps.log?.warn({ err: r.reason, channel: i === 0 ? "redis" : "kafka" }, "revocation notice not published");
        }
      }
    },
  };
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
