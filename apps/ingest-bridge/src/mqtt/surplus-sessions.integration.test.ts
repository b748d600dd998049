import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { KAFKA_TOPICS, loadPlatformConfig } from "@fleetwire/config";
import { createPrisma } from "@fleetwire/db";
import { readServiceCredentials } from "@fleetwire/infra/mosquitto";
import { ensurePlatformCa } from "@fleetwire/pki";
import mqtt, { type IConnackPacket } from "mqtt";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type BridgeUnderTest, startBridge } from "../testing/bridge-process.ts";
import { closeBrokerAccess, type IngestDevice, seedIngestDevice } from "../testing/ingest-device.ts";
import { readRecords } from "../testing/kafka-records.ts";
import { runCommand } from "../testing/run-command.ts";
import { ensureTestInfra } from "../testing/test-infra.ts";

// The broker gives every session of the share group its share, connected or not: sessions left
// over when FLEETWIRE_BRIDGE_MQTT_CONNECTIONS goes down must be emptied into Kafka, then ended.
const TOTAL = 300;
const config = loadPlatformConfig();
const prisma = createPrisma(config.databaseUrl);
let infra: { stop(): Promise<void> };
let bridge: BridgeUnderTest;
let device: IngestDevice;

beforeAll(async () => {
  infra = await ensureTestInfra(config);
  device = await seedIngestDevice(prisma, config, await ensurePlatformCa(config));
  bridge = await startBridge(config, { FLEETWIRE_BRIDGE_MQTT_CONNECTIONS: "6", LOG_LEVEL: "info" });
}, 120_000);

afterAll(async () => {
  await bridge?.stop();
  await closeBrokerAccess();
  await prisma.$disconnect();
  await infra?.stop();
});

/** Whether the broker still holds a session; asking with session expiry 0 ends it in any case. */
async function sessionExists(clientId: string) {
  const service = readServiceCredentials(config);
  const client = mqtt.connect(service.url, {
    protocolVersion: 5,
    clientId,
    username: service.username,
    password: service.password,
    clean: false,
    properties: { sessionExpiryInterval: 0 },
    reconnectPeriod: 0,
  });
  const connack = await new Promise<IConnackPacket>((resolve, reject) => {
    client.once("connect", resolve);
    client.once("error", reject);
  });
  const present = connack.sessionPresent;
  await client.endAsync();
  return present;
}

it("a bridge restarted with fewer sessions takes over what waits in the surplus ones and ends them", async () => {
  const since = Date.now() - 1_000;
  const logFile = path.join(config.stateDir, "logs", `ingest-bridge-${bridge.instance}.log`);
  const logged = (pattern: RegExp) => (readFileSync(logFile, "utf8").match(pattern) ?? []).length;
  // Killed before its start-up check for left-over sessions is done, the bridge would leave that
  // check's empty probing sessions behind for the next start to end as well.
  const checked = /checked for MQTT sessions left over/g;
  for (let i = 0; i < 120 && logged(checked) < 1; i++) await sleep(500);
  expect(logged(checked)).toBe(1);
  await bridge.kill(); // its six sessions stay with the broker and keep receiving their share
  const ids = Array.from({ length: TOTAL }, () => randomUUID());
  const lines = ids.map((id) =>
    JSON.stringify({ message_id: id, timestamp: new Date().toISOString(), metrics: { temperature: 1 } }),
  );
  const pub = await runCommand(
    "mosquitto_pub",
    [...device.mqttArgs, "-V", "mqttv5", "-q", "1", "-t", device.telemetryTopic, "-l"],
    `${lines.join("\n")}\n`,
  );
  expect(pub.code, pub.out).toBe(0);

  await bridge.restart({ FLEETWIRE_BRIDGE_MQTT_CONNECTIONS: "4" });
  let seen = new Set<string>();
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline && seen.size < TOTAL) {
    const records = await readRecords(config, KAFKA_TOPICS.telemetryRaw.name, { key: device.id, sinceMs: since });
    seen = new Set(records.map((r) => r.headers["message-id"] ?? ""));
    if (seen.size < TOTAL) await sleep(1_000);
  }
  expect(ids.filter((id) => !seen.has(id))).toEqual([]);

  // The bridge says when it has ended a surplus session; then the broker no longer has it.
  const ended = () => logged(/emptied and ended/g);
  while (Date.now() < deadline + 60_000 && ended() < 2) await sleep(500);
  expect(ended()).toBe(2);
  for (const index of [4, 5]) expect(await sessionExists(`fleetwire-bridge-${bridge.instance}-${index}`)).toBe(false);
}, 200_000);
