import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { KAFKA_TOPICS, loadPlatformConfig } from "@fleetwire/config";
import { createPrisma } from "@fleetwire/db";
import type { ManagedProcess } from "@fleetwire/infra";
import { freePort } from "@fleetwire/infra/free-port";
import { ensureTopics, startKafka } from "@fleetwire/infra/kafka";
import { ensurePlatformCa } from "@fleetwire/pki";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type BridgeUnderTest, startBridge } from "../testing/bridge-process.ts";
import { closeBrokerAccess, type IngestDevice, seedIngestDevice } from "../testing/ingest-device.ts";
import { readRecords, waitForRecords } from "../testing/kafka-records.ts";
import { runCommand } from "../testing/run-command.ts";
import { ensureTestInfra } from "../testing/test-infra.ts";

// The bridge's producer across a Kafka restart: what devices send while Kafka is down is kept by
// the broker (unacknowledged by the bridge) and reaches Kafka once it is back, and the bridge goes
// on without a restart of its own. The bridge gets a Kafka of its own here, so that stopping it
// does not disturb the platform's, and a share group of its own, so that it receives every
// message (the platform's bridges get their copy in their group, as always).
const config = loadPlatformConfig();
const prisma = createPrisma(config.databaseUrl);
let infra: { stop(): Promise<void> };
let kafkaConfig: ReturnType<typeof loadPlatformConfig>;
let kafka: ManagedProcess | undefined;
let bridge: BridgeUnderTest;
let device: IngestDevice;

beforeAll(async () => {
  infra = await ensureTestInfra(config);
  const [kafkaPort, controllerPort] = [await freePort(), await freePort()];
  kafkaConfig = loadPlatformConfig({
    ...process.env,
    FLEETWIRE_STATE_DIR: mkdtempSync(path.join(tmpdir(), "fleetwire-kafka-restart-")),
    FLEETWIRE_KAFKA_PORT: String(kafkaPort),
    FLEETWIRE_KAFKA_CONTROLLER_PORT: String(controllerPort),
  });
  kafka = await startKafka(kafkaConfig);
  await ensureTopics(kafkaConfig);
  device = await seedIngestDevice(prisma, config, await ensurePlatformCa(config));
  bridge = await startBridge(config, {
    FLEETWIRE_KAFKA_BROKERS: kafkaConfig.kafka.brokers.join(","),
    FLEETWIRE_BRIDGE_SHARE_GROUP: `restart-${randomUUID().slice(0, 8)}`,
  });
}, 180_000);

afterAll(async () => {
  await bridge?.stop();
  await kafka?.stop();
  await closeBrokerAccess();
  await prisma.$disconnect();
  await infra?.stop();
});

const publish = (messageId: string) =>
  runCommand("mosquitto_pub", [
    ...device.mqttArgs,
    ...["-V", "mqttv5", "-q", "1", "-t", device.telemetryTopic],
    ...[
      "-m",
      JSON.stringify({ message_id: messageId, timestamp: new Date().toISOString(), metrics: { temperature: 21.5 } }),
    ],
  ]);

const messageId = (record: { value: string | null }) => JSON.parse(record.value ?? "{}").message_id as string;
const messageIds = async (sinceMs: number) =>
  (await readRecords(kafkaConfig, KAFKA_TOPICS.telemetryRaw.name, { key: device.id, sinceMs })).map(messageId);

it("telemetry sent while Kafka is down reaches Kafka once it is back, and the bridge carries on", async () => {
  const since = Date.now() - 1_000;
  const before = randomUUID();
  expect((await publish(before)).code).toBe(0);
  await waitForRecords(kafkaConfig, KAFKA_TOPICS.telemetryRaw.name, { key: device.id, sinceMs: since, count: 1 });

  await kafka?.stop();
  kafka = undefined;
  const duringOutage = [randomUUID(), randomUUID(), randomUUID()];
  // The broker acknowledges the device; the bridge cannot store the messages and leaves them with
  // the broker, which sends them again when the bridge's session reconnects.
  for (const id of duringOutage) expect((await publish(id)).code).toBe(0);

  kafka = await startKafka(kafkaConfig);
  const after = randomUUID();
  expect((await publish(after)).code).toBe(0);
  await waitForRecords(kafkaConfig, KAFKA_TOPICS.telemetryRaw.name, {
    key: device.id,
    sinceMs: since,
    count: 5,
    timeoutMs: 90_000,
    distinctBy: messageId,
  });
  const ids = await messageIds(since);
  expect(new Set(ids)).toEqual(new Set([before, ...duringOutage, after]));
}, 180_000);
