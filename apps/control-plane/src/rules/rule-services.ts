import { createLogger } from "@fleetwire/core";
import { kafkaRuleUpdateAnnouncer, type RuleUpdateAnnouncer } from "@fleetwire/rules-store";
import { Redis } from "ioredis";
import { Kafka, logLevel, type Producer } from "kafkajs";
import type { ControlPlaneEnv } from "../env.ts";

const log = createLogger("control-plane.rules");

export interface RuleServices {
  /** Per-rule metrics and recent messages (written by the rules workers). */
  redis: Redis;
  /** Never throws: a failed announcement is logged; workers find the change on their next poll. */
  announce: RuleUpdateAnnouncer;
  close(): Promise<void>;
}

const cache = new Map<string, RuleServices>();

/** Redis and a Kafka producer for the rules routes, made once per process on first use. */
export function getRuleServices(env: ControlPlaneEnv): RuleServices {
  const key = `${env.redisUrl}|${env.kafka.brokers.join(",")}`;
  let services = cache.get(key);
  if (!services) {
    services = createRuleServices(env);
    cache.set(key, services);
  }
  return services;
}

function createRuleServices(env: ControlPlaneEnv): RuleServices {
  const redis = new Redis(env.redisUrl, { maxRetriesPerRequest: 2 });
  redis.on("error", (err) => log.warn({ err }, "redis"));
  const kafka = new Kafka({
    clientId: "fleetwire-control-plane-rules",
    brokers: env.kafka.brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 2_000,
    retry: { retries: 3 },
  });
  let producer: Promise<Producer> | undefined;
  const connected = () => {
    if (!producer) {
      const p = kafka.producer({ allowAutoTopicCreation: false, idempotent: true, maxInFlightRequests: 1 });
      producer = p.connect().then(() => p);
      producer.catch(() => {
        producer = undefined;
      });
    }
    return producer;
  };
  return {
    redis,
    async announce(update) {
      try {
        await kafkaRuleUpdateAnnouncer(await connected())(update);
      } catch (err) {
        log.warn({ err, update }, "rules.updates announcement failed; workers pick the change up on their next poll");
      }
    },
    async close() {
      const p = producer;
      producer = undefined;
      await (await p?.catch(() => undefined))?.disconnect().catch(() => {});
      redis.disconnect();
    },
  };
}

/** Part of the ordered shutdown (and of tests that start a control plane in-process). */
export async function closeRuleServices(): Promise<void> {
  const all = [...cache.values()];
  cache.clear();
  await Promise.all(all.map((s) => s.close()));
}
