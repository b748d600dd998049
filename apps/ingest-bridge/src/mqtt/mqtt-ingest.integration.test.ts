import { randomUUID } from "node:crypto";
import { KAFKA_TOPICS, loadPlatformConfig } from "@fleetwire/config";
import { createPrisma } from "@fleetwire/db";
import { readRejectionCounts, ZDeadLetterRecord, ZTelemetryRecord } from "@fleetwire/ingest";
import { type CaSigner, ensurePlatformCa } from "@fleetwire/pki";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BridgeUnderTest, startBridge } from "../testing/bridge-process.ts";
import { closeBrokerAccess, type IngestDevice, seedIngestDevice } from "../testing/ingest-device.ts";
import { readRecords, waitForRecords } from "../testing/kafka-records.ts";
import { runCommand } from "../testing/run-command.ts";
import { ensureTestInfra } from "../testing/test-infra.ts";

// A device publishes with Debian's mosquitto_pub over mutual TLS; Kafka is read with kcat.
const config = loadPlatformConfig();
const prisma = createPrisma(config.databaseUrl);
const redis = new Redis(config.redisUrl);
let infra: { stop(): Promise<void> };
let ca: CaSigner;
let bridge: BridgeUnderTest;

beforeAll(async () => {
  infra = await ensureTestInfra(config);
  ca = await ensurePlatformCa(config);
  bridge = await startBridge(config);
});

afterAll(async () => {
  await bridge?.stop();
  await closeBrokerAccess();
  await prisma.$disconnect();
  redis.disconnect();
  await infra?.stop();
});

const envelope = (metrics: Record<string, unknown>, id = randomUUID()) =>
  JSON.stringify({ message_id: id, timestamp: new Date().toISOString(), metrics });

const publish = (device: IngestDevice, message: string, extra: string[] = []) =>
  runCommand("mosquitto_pub", [
    ...device.mqttArgs,
    ...["-V", "mqttv5", "-q", "1", "-d", "-t", device.telemetryTopic],
    ...(extra.includes("-l") || extra.includes("-f") ? [] : ["-m", message]),
    ...extra,
  ]);

describe("MQTT ingest", () => {
  it("a provisioned device's QoS 1 message is in telemetry.raw within a second, keyed by its device id", async () => {
    const device = await seedIngestDevice(prisma, config, ca);
    // The device's first message also loads it and compiles its model's schema (once per model
    // version); the latency asked for is the steady state, measured on its second message.
    const warmSince = Date.now() - 1_000;
    expect((await publish(device, envelope({ temperature: 1 }))).code).toBe(0);
    await waitForRecords(config, KAFKA_TOPICS.telemetryRaw.name, { key: device.id, sinceMs: warmSince, count: 1 });

    const since = Date.now();
    const id = randomUUID();
    const sent = Date.now();
    const pub = await publish(device, envelope({ temperature: 21.5, humidity: 40 }, id));
    expect(pub.code, pub.out).toBe(0);
    expect(pub.out).toContain("PUBACK");
    const [record] = await waitForRecords(config, KAFKA_TOPICS.telemetryRaw.name, {
      key: device.id,
      sinceMs: since,
      count: 1,
      timeoutMs: 15_000,
    });
    // The producer stamps the record when it sends it. Bridge receipt -> Kafka must be well under
    // a second; end to end also holds mosquitto_pub's process start and TLS handshake.
    const receivedAt = Date.parse(record?.headers["received-at"] ?? "");
    expect((record?.timestamp ?? Number.POSITIVE_INFINITY) - receivedAt).toBeLessThan(1_000);
    expect((record?.timestamp ?? Number.POSITIVE_INFINITY) - sent).toBeLessThan(3_000);
    expect(record?.key).toBe(device.id);
    expect(record?.headers).toMatchObject({
      fleet: device.fleetId,
      model: device.modelId,
      "message-id": id,
      protocol: "mqtt",
    });
    const value = ZTelemetryRecord.parse(JSON.parse(record?.value ?? "null"));
    expect(value).toMatchObject({ message_id: id, device_id: device.id, metrics: { temperature: 21.5, humidity: 40 } });
  });

  it("a QoS 2 publish reaches telemetry.raw exactly as a QoS 1 one does", async () => {
    const device = await seedIngestDevice(prisma, config, ca);
    const since = Date.now();
    const ids = { 1: randomUUID(), 2: randomUUID() };
    const q1 = await publish(device, envelope({ temperature: 1 }, ids[1]));
    const q2 = await publish(device, envelope({ temperature: 2 }, ids[2]), ["-q", "2"]);
    expect(q1.out).toMatch(/received PUBACK \(Mid: \d+, RC:0\)/);
    // QoS 2 handshake: PUBREC, PUBREL, PUBCOMP, all with success.
    expect(q2.out).toMatch(/received PUBREC \(Mid: \d+\)/);
    expect(q2.out).toMatch(/received PUBCOMP \(Mid: \d+, RC:0\)/);
    const records = await waitForRecords(config, KAFKA_TOPICS.telemetryRaw.name, {
      key: device.id,
      sinceMs: since,
      count: 2,
      timeoutMs: 15_000,
    });
    const byId = new Map(records.map((r) => [r.headers["message-id"], r]));
    for (const qos of [1, 2] as const) {
      const record = byId.get(ids[qos]);
      expect(record?.key).toBe(device.id);
      expect(record?.headers).toMatchObject({ fleet: device.fleetId, model: device.modelId, protocol: "mqtt" });
      const value = ZTelemetryRecord.parse(JSON.parse(record?.value ?? "null"));
      expect(value).toMatchObject({ message_id: ids[qos], device_id: device.id, metrics: { temperature: qos } });
    }
    expect(records.filter((r) => r.headers["message-id"] === ids[2])).toHaveLength(1);
  });

  it("a client id other than the certificate's device id is refused (CONNACK 0x87) and nothing reaches Kafka", async () => {
    const device = await seedIngestDevice(prisma, config, ca);
    const other = await seedIngestDevice(prisma, config, ca);
    const since = Date.now();
    const id = randomUUID();
    // A later -i replaces the device's own one in mqttArgs.
    const refused = await publish(device, envelope({ temperature: 3 }, id), ["-i", other.id]);
    expect(refused.out).toContain("received CONNACK (135)");
    expect(refused.out).not.toContain("Sending PUBLISH");
    expect(refused.code).not.toBe(0);
    // The same certificate with its own client id works; only that message is in Kafka.
    const okId = randomUUID();
    expect((await publish(device, envelope({ temperature: 4 }, okId))).out).toContain("received CONNACK (0)");
    await waitForRecords(config, KAFKA_TOPICS.telemetryRaw.name, { key: device.id, sinceMs: since, count: 1 });
    const all = await readRecords(config, KAFKA_TOPICS.telemetryRaw.name, {
      key: new Set([device.id, other.id]),
      sinceMs: since,
    });
    expect(all.map((r) => r.headers["message-id"])).not.toContain(id);
    expect(all.map((r) => r.headers["message-id"])).toContain(okId);
  });

  it("malformed JSON and schema violations go to telemetry.dlq with their reason; the bridge keeps running", async () => {
    const device = await seedIngestDevice(prisma, config, ca);
    const since = Date.now() - 1_000;
    expect((await publish(device, "{not json")).code).toBe(0);
    expect((await publish(device, envelope({ temperature: "warm" }))).code).toBe(0);
    const dlq = await waitForRecords(config, KAFKA_TOPICS.telemetryDlq.name, {
      key: device.id,
      sinceMs: since,
      count: 2,
    });
    const values = dlq.map((r) => ZDeadLetterRecord.parse(JSON.parse(r.value ?? "null")));
    expect(values.map((v) => v.reason).sort()).toEqual(["invalid_json", "schema_violation"]);
    const bad = values.find((v) => v.reason === "invalid_json");
    expect(Buffer.from(bad?.payload_base64 ?? "", "base64").toString()).toBe("{not json");
    expect(values.find((v) => v.reason === "schema_violation")?.detail).toContain("temperature");
    expect(dlq[0]?.headers.reason).toBeDefined();
    // Nothing of it in telemetry.raw; counted per device and reason; the bridge is healthy.
    expect(await readRecords(config, KAFKA_TOPICS.telemetryRaw.name, { key: device.id, sinceMs: since })).toEqual([]);
    expect(await readRejectionCounts(redis, device.id)).toEqual({ invalid_json: 1, schema_violation: 1 });
    expect((await fetch(bridge.healthUrl)).status).toBe(200);
    // Still ingesting.
    expect((await publish(device, envelope({ temperature: 1 }))).code).toBe(0);
    const raw = await waitForRecords(config, KAFKA_TOPICS.telemetryRaw.name, {
      key: device.id,
      sinceMs: since,
      count: 1,
    });
    expect(raw).toHaveLength(1);
  });

  it("a 2 MB payload is refused and nothing of it reaches Kafka", async () => {
    const device = await seedIngestDevice(prisma, config, ca);
    const since = Date.now() - 1_000;
    const big = JSON.stringify({
      message_id: randomUUID(),
      timestamp: new Date().toISOString(),
      metrics: { temperature: 1, blob: "x".repeat(2 * 1024 * 1024) },
    });
    const pub = await runCommand(
      "mosquitto_pub",
      [...device.mqttArgs, "-V", "mqttv5", "-q", "1", "-d", "-t", device.telemetryTopic, "-s"],
      big,
    );
    // The broker's max_packet_size refuses it: no PUBACK for the device.
    expect(pub.out).not.toMatch(/Client \S+ received PUBACK \(Mid: \d+, RC:0\)/);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await readRecords(config, KAFKA_TOPICS.telemetryRaw.name, { key: device.id, sinceMs: since })).toEqual([]);
    expect((await fetch(bridge.healthUrl)).status).toBe(200);
  });

  it("a device over its rate limit is refused (PUBACK 0x97 to the broker), counted, and quarantined with the reason", {
    timeout: 90_000,
  }, async () => {
    const device = await seedIngestDevice(prisma, config, ca);
    const since = Date.now() - 1_000;
    // More than the burst (500) plus what 50/s refills while a loaded machine works through them.
    const total = 2_000;
    const lines = Array.from({ length: total }, () => envelope({ temperature: 2 })).join("\n");
    const pub = await runCommand(
      "mosquitto_pub",
      [...device.mqttArgs, "-V", "mqttv5", "-q", "1", "-t", device.telemetryTopic, "-l"],
      `${lines}\n`,
    );
    expect(pub.code, pub.out).toBe(0);
    let counts: Record<string, number> = {};
    const deadline = Date.now() + 40_000;
    let raw = await readRecords(config, KAFKA_TOPICS.telemetryRaw.name, { key: device.id, sinceMs: since });
    while (Date.now() < deadline) {
      counts = await readRejectionCounts(redis, device.id);
      raw = await readRecords(config, KAFKA_TOPICS.telemetryRaw.name, { key: device.id, sinceMs: since });
      if (raw.length + (counts.rate_limited ?? 0) >= total) break;
      await new Promise((r) => setTimeout(r, 300));
    }
    // Default limit: burst 500, 50/s refill.
    expect(raw.length).toBeGreaterThanOrEqual(500);
    expect(raw.length).toBeLessThan(total);
    expect(counts.rate_limited).toBe(total - raw.length);
    // The device had its PUBACK from the broker, so nothing it sent is lost: the rest is in the DLQ.
    const quarantined = async () =>
      (await readRecords(config, KAFKA_TOPICS.telemetryDlq.name, { key: device.id, sinceMs: since })).filter(
        (r) => r.headers.reason === "rate_limited",
      ).length;
    await expect.poll(quarantined, { timeout: 30_000, interval: 500 }).toBe(total - raw.length);
  });
});
