import type { BrokerProfile } from "@fleetwire/broker";
import type { CommandDeps } from "@fleetwire/commands";
import { createLogger } from "@fleetwire/core";
import { getPrisma, type PrismaClient } from "@fleetwire/db";
import { createRedisShadowCache, type ShadowDeps } from "@fleetwire/shadows";
import { Redis } from "ioredis";
import type { ControlPlaneEnv } from "../env.ts";
import { getIdentityServices } from "../identity/identity-services.ts";

const log = createLogger("control-plane.device-messaging");

export interface DeviceMessagingDeps {
  shadows: ShadowDeps;
  commands: CommandDeps;
  presence: { prisma: PrismaClient };
}

const redisClients = new Map<string, Redis>();

function cacheRedis(env: ControlPlaneEnv): Redis {
  let redis = redisClients.get(env.redisUrl);
  if (!redis) {
    redis = new Redis(env.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false });
    redis.on("error", (err) => log.warn({ err }, "redis (shadow cache)"));
    redisClients.set(env.redisUrl, redis);
  }
  return redis;
}

/**
 * What the shadow and command functions need. The broker is the identity services' (one platform
 * MQTT connection per process); when it cannot be reached, changes are still stored and the
 * device gets them later (deltas on its next report, HTTP polling for commands).
 */
export async function getDeviceMessagingDeps(
  env: ControlPlaneEnv,
  options: { needsBroker?: boolean } = {},
): Promise<DeviceMessagingDeps> {
  const prisma = getPrisma(env.databaseUrl);
  let broker: BrokerProfile | undefined;
  if (options.needsBroker !== false) {
    try {
      broker = (await getIdentityServices(env)).broker;
    } catch (err) {
      log.warn({ err }, "no broker: changes are stored and reach devices later");
    }
  }
  return {
    shadows: {
      prisma,
      cache: createRedisShadowCache(cacheRedis(env), { log }),
      ...(broker ? { broker } : {}),
      log,
    },
    commands: { prisma, ...(broker ? { broker } : {}), log },
    presence: { prisma },
  };
}

/** Ordered shutdown: the cache's Redis connection. */
export function closeDeviceMessagingDeps(): void {
  for (const redis of redisClients.values()) redis.disconnect();
  redisClients.clear();
}
