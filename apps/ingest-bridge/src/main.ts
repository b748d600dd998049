import { isIP } from "node:net";
import { ConfigError } from "@fleetwire/config";
import { createLogger } from "@fleetwire/core";
import { disconnectPrisma, getPrisma } from "@fleetwire/db";
import { probeDatabase, probeRedis } from "@fleetwire/infra";
import { kafkaHealth } from "@fleetwire/infra/kafka";
import {
  createIngestMetrics,
  DeviceCredentials,
  DeviceDirectory,
  DeviceRateLimiter,
  listenForRevocations,
  ModelSchemaCache,
  prismaDeviceLoader,
  prismaModelSchemaLoader,
} from "@fleetwire/ingest";
import { ensurePlatformCa, issueServerCertificate, loadSecretKey } from "@fleetwire/pki";
import { Redis } from "ioredis";
import { collectDefaultMetrics, register } from "prom-client";
import { startCoapIngest } from "./coap/coap-ingest.ts";
import { type BridgeEnv, loadBridgeEnv } from "./env.ts";
import { buildServer } from "./http/build-server.ts";
import { buildIngestHttpsServer } from "./http/ingest-https-server.ts";
import { BatchingWriter } from "./kafka/batching-writer.ts";
import { connectProducer } from "./kafka/create-producer.ts";
import { startMqttIngest } from "./mqtt/mqtt-ingest.ts";
import { createIngestService } from "./pipeline/ingest-service.ts";

const log = createLogger("ingest-bridge");

/** An expected start-up failure: one line naming the setting to fix, exit code 1. */
function fail(message: string): never {
  process.stderr.write(`ingest-bridge: ${message}\n`);
  process.exit(1);
}

async function preflight(env: BridgeEnv) {
  const [database, redis, kafka] = await Promise.all([
    probeDatabase(env.databaseUrl),
    probeRedis(env.redisUrl),
    kafkaHealth(env, 5_000),
  ]);
  if (!database.ok) fail(`FLEETWIRE_DATABASE_URL: ${database.detail}`);
  if (!redis.ok) fail(`FLEETWIRE_REDIS_URL: ${redis.detail}`);
  if (!kafka.ok) fail(`FLEETWIRE_KAFKA_BROKERS: ${kafka.detail}`);
}

async function serverCertificate(env: BridgeEnv) {
  const ca = await ensurePlatformCa(env);
  const names = [env.host, "localhost", "127.0.0.1"];
  const issued = await issueServerCertificate(ca, {
    commonName: env.host,
    dnsNames: names.filter((n) => !isIP(n)),
    ipAddresses: names.filter((n) => isIP(n)),
  });
  return {
    certPem: issued.certPem + ca.issuingCertificate.toString("pem"),
    keyPem: issued.keyPem,
    caChainPem: ca.chainPem,
  };
}

async function main() {
  let env: BridgeEnv;
  try {
    env = loadBridgeEnv();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  await preflight(env);
  collectDefaultMetrics();
  const metrics = createIngestMetrics(register);

  const prisma = getPrisma(env.databaseUrl);
  const redis = new Redis(env.redisUrl, { maxRetriesPerRequest: 2, enableOfflineQueue: true });
  const subscriber = new Redis(env.redisUrl);
  redis.on("error", (error) => log.warn({ err: error }, "Redis error"));
  subscriber.on("error", (error) => log.warn({ err: error }, "Redis subscriber error"));

  const directory = new DeviceDirectory(prismaDeviceLoader(prisma));
  const schemas = new ModelSchemaCache(prismaModelSchemaLoader(prisma));
  const credentials = new DeviceCredentials(prisma, directory, loadSecretKey(env));
  await listenForRevocations(subscriber, (target) => {
    credentials.forget(target);
    log.info(target, "revocation received; cached credentials dropped");
  });

  const producer = await connectProducer(env).catch((error: Error) =>
    fail(`FLEETWIRE_KAFKA_BROKERS: cannot reach Kafka at ${env.kafka.brokers.join(",")} (${error.message})`),
  );
  const writer = new BatchingWriter(producer, metrics, {
    maxBatch: env.bridge.batchMax,
    lingerMs: env.bridge.batchLingerMs,
  });
  const limiter = new DeviceRateLimiter(redis, env.ingest.rateLimit);
  const ingest = createIngestService({
    validator: { directory, schemas, limits: env.ingest.limits },
    writer,
    limiter,
    metrics,
    redis,
    log,
  });

  const mqttIngest = await startMqttIngest(env, ingest, log).catch((error: Error) => {
    const setting = /not authori[sz]ed|bad user ?name or password/i.test(error.message)
      ? "FLEETWIRE_MQTT_SERVICE_USERNAME/FLEETWIRE_MQTT_SERVICE_PASSWORD"
      : "FLEETWIRE_MQTT_HOST/FLEETWIRE_MQTT_SERVICE_PORT";
    return fail(`${setting}: cannot use the service listener ${env.mqttService.url} (${error.message})`);
  });

  const https = buildIngestHttpsServer(
    { ...(await serverCertificate(env)), maxPayloadBytes: env.limits.maxPayloadBytes },
    { ingest, credentials, log },
  );
  await https
    .listen({ host: env.host, port: env.ports.ingestHttps })
    .catch((error: Error) => fail(`FLEETWIRE_INGEST_HTTPS_PORT: ${error.message}`));
  const coapIngest = await startCoapIngest(
    { host: env.host, port: env.ports.coap, maxPayloadBytes: env.limits.maxPayloadBytes },
    { ingest, credentials, log },
  ).catch((error: Error) => fail(`FLEETWIRE_COAP_PORT: ${error.message}`));

  const server = buildServer(() => ({
    kafka: producer.healthy(),
    mqtt: mqttIngest.connected(),
    redis: redis.status === "ready",
  }));
  await server
    .listen({ host: env.host, port: env.ports.ingestBridge })
    .catch((error: Error) => fail(`FLEETWIRE_INGEST_BRIDGE_PORT: ${error.message}`));
  log.info(
    {
      health: env.urls.ingestBridge,
      https: env.urls.ingestHttps,
      coap: `coap://${env.host}:${env.ports.coap}`,
      instance: env.bridge.instance,
    },
    "ingest bridge listening",
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "stopping: closing intake, draining, flushing the producer");
    await Promise.allSettled([https.close(), coapIngest.stop(), mqttIngest.stop()]);
    await writer.flush();
    await producer.close();
    await server.close();
    await Promise.allSettled([disconnectPrisma(), redis.quit(), subscriber.quit()]);
    process.exit(0);
  };
  process.once("SIGTERM", () => void stop("SIGTERM"));
  process.once("SIGINT", () => void stop("SIGINT"));
}

main().catch((error) => {
  log.error({ err: error }, "ingest bridge failed");
  process.exit(1);
});
