import { createLogger } from "@fleetwire/core";
import { getPrisma } from "@fleetwire/db";
import { createRevocationNotifier, type IdentityDeps } from "@fleetwire/identity";
import { ensurePlatformCa, loadSecretKey } from "@fleetwire/pki";
import { Redis } from "ioredis";
import { Kafka, logLevel, type Producer } from "kafkajs";
import type { ControlPlaneEnv } from "../env.ts";
import { createBrokerProfile } from "./create-broker-profile.ts";

const log = createLogger("control-plane.identity");

export type IdentityServices = IdentityDeps & { redis: Redis; close(): Promise<void> };

const cache = new Map<string, Promise<IdentityServices>>();

/**
 * The platform CA, the broker profile, Redis and a Kafka producer, made once per process on first
 * use, so routes that never touch device identity (and tests of them) need none of it running.
 */
export function getIdentityServices(env: ControlPlaneEnv): Promise<IdentityServices> {
  const key = `${env.stateDir}|${env.databaseUrl}`;
  let services = cache.get(key);
  if (!services) {
    services = createIdentityServices(env);
    services.catch(() => cache.delete(key));
    cache.set(key, services);
  }
  return services;
}

async function createIdentityServices(env: ControlPlaneEnv): Promise<IdentityServices> {
  const ca = await ensurePlatformCa(env);
  const broker = await createBrokerProfile(env);
  const redis = new Redis(env.redisUrl, { maxRetriesPerRequest: 2, lazyConnect: false });
  redis.on("error", (err) => log.warn({ err }, "redis"));
  const producer = await connectProducer(env);
  const notifier = createRevocationNotifier({ redis, ...(producer ? { producer } : {}), log });
  return {
    prisma: getPrisma(env.databaseUrl),
    ca,
    broker,
    notifier,
    secretKey: loadSecretKey(env),
    config: env,
    log,
    redis,
    async close() {
      await broker.close().catch(() => {});
      await producer?.disconnect().catch(() => {});
      redis.disconnect();
    },
  };
}

/** Kafka may be down (e.g. a test without it): revocation notices then go over Redis only. */
async function connectProducer(env: ControlPlaneEnv): Promise<Producer | undefined> {
  const kafka = new Kafka({
    clientId: "fleetwire-control-plane",
    brokers: env.kafka.brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 2_000,
    retry: { retries: 2 },
  });
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  try {
    await producer.connect();
    return producer;
  } catch (err) {
    log.warn({ err }, "Kafka unreachable: revocation notices go over Redis only");
    return undefined;
  }
}

/** Closes what getIdentityServices made (ordered shutdown). */
export async function closeIdentityServices(): Promise<void> {
  const all = [...cache.values()];
  cache.clear();
  await Promise.all(all.map(async (s) => (await s.catch(() => undefined))?.close()));
}
