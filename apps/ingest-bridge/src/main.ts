import { randomUUID } from "node:crypto";
import { ConfigError } from "@fleetwire/config";
import { createLogger, hideKafkajsTimerWarning } from "@fleetwire/core";
import { collectDefaultMetrics } from "prom-client";
import { loadBridgeEnv } from "./env.ts";
import { buildServer } from "./http/build-server.ts";
import { createProducer } from "./kafka/create-producer.ts";
import { connectServiceClient } from "./mqtt/connect-service-client.ts";

hideKafkajsTimerWarning();

const log = createLogger("ingest-bridge");

function fail(message: string): never {
  process.stderr.write(`ingest-bridge: ${message}\n`);
  process.exit(1);
}

async function main() {
  const env = await loadBridgeEnv().catch((error: unknown) => {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  });
  collectDefaultMetrics();

  const producer = createProducer(env);
  let kafkaConnected = false;
  producer.on(producer.events.CONNECT, () => {
    kafkaConnected = true;
  });
  producer.on(producer.events.DISCONNECT, () => {
    kafkaConnected = false;
  });
  await producer
    .connect()
    .catch((error: Error) =>
      fail(`FLEETWIRE_KAFKA_BROKERS: cannot reach ${env.kafka.brokers.join(",")} (${error.message})`),
    );

  const mqttClient = await connectServiceClient(env, `fleetwire-bridge-${randomUUID().slice(0, 8)}`).catch(
    (error: Error) => fail(`MQTT service listener ${env.mqttService.url}: ${error.message}`),
  );

  const server = buildServer(() => ({ kafka: kafkaConnected, mqtt: mqttClient.connected }));
  await server.listen({ host: env.host, port: env.ports.ingestBridge });
  log.info({ url: env.urls.ingestBridge }, "ingest bridge listening");

  const stop = async (signal: string) => {
    log.info({ signal }, "stopping: closing intake, flushing the producer");
    await server.close();
    await mqttClient.endAsync();
    await producer.disconnect();
    process.exit(0);
  };
  process.once("SIGTERM", () => void stop("SIGTERM"));
  process.once("SIGINT", () => void stop("SIGINT"));
}

main().catch((error) => {
  log.error({ err: error }, "ingest bridge failed");
  process.exit(1);
});
