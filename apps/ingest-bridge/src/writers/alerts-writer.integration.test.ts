import { randomBytes } from "node:crypto";
import { KAFKA_TOPICS, loadPlatformConfig } from "@fleetwire/config";
import { createLogger } from "@fleetwire/core";
import { createPrisma, type PrismaClient } from "@fleetwire/db";
import { seedDevice, seedOperator } from "@fleetwire/db/testing";
import { resolveAlert } from "@fleetwire/rules-store";
import type { Kafka, Producer } from "kafkajs";
import pg from "pg";
import { Registry } from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitForRecords } from "../testing/kafka-records.ts";
import { createAlertsWriter } from "./alerts-writer.ts";
import { sinkMetrics } from "./sink-metrics.ts";
import {
  createTestTopic,
  deleteTestTopic,
  ensureWritersTestInfra,
  pollUntil,
  testKafka,
  uniqueGroup,
} from "./testing/writers-test-infra.ts";

const config = loadPlatformConfig();
const log = createLogger("alerts-writer-test");
log.level = "error";

describe("alerts writer (real Kafka and PostgreSQL)", () => {
  let infra: Awaited<ReturnType<typeof ensureWritersTestInfra>>;
  let kafka: Kafka;
  let producer: Producer;
  let pool: pg.Pool;
  let prisma: PrismaClient;
  let topic: string;
  let writer: ReturnType<typeof createAlertsWriter>;

  beforeAll(async () => {
    infra = await ensureWritersTestInfra(config);
    kafka = testKafka(config);
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    pool = new pg.Pool({ connectionString: config.databaseUrl, max: 3 });
    prisma = createPrisma(config.databaseUrl, { maxConnections: 2 });
    topic = await createTestTopic(kafka, "route.alerts", 1);
    writer = createAlertsWriter(
      { topic, groupId: uniqueGroup("fleetwire-alerts"), maxEvents: 50, maxWaitMs: 50 },
      { kafka, producer, pool, log, metrics: sinkMetrics(new Registry()) },
    );
    await writer.start();
  });

  afterAll(async () => {
    await writer?.stop();
    await deleteTestTopic(kafka, topic);
    await producer?.disconnect();
    await pool?.end();
    await prisma?.$disconnect();
    await infra?.stop();
  });

  const event = (deviceId: string, dedupKey: string, n: number, at: Date) => ({
    key: deviceId,
    value: JSON.stringify({
      dedupKey,
      ruleId: "rule-temp",
      ruleVersion: 2,
      ruleName: "hot",
      name: "high",
      deviceId,
      fleetId: "fleet-x",
      severity: "critical",
      message: `temperature ${80 + n} above 80`,
      messageId: `msg-${n}`,
      at: at.toISOString(),
      payload: { temperature: 80 + n },
    }),
  });
  const alertsOf = (dedupKey: string) =>
    pool
      .query(
        `SELECT status, count, first_seen_at, last_seen_at, last_message_id, message, rule_version, details FROM alerts
          WHERE dedup_key = $1 ORDER BY first_seen_at`,
        [dedupKey],
      )
      .then((r) => r.rows);
  /** Sends an event on a key of its own and waits for it: everything sent before it was handled. */
  const barrier = async (deviceId: string) => {
    const key = `barrier-${randomBytes(4).toString("hex")}`;
    await producer.send({ topic, acks: -1, messages: [event(deviceId, key, 0, new Date())] });
    await pollUntil(
      () => alertsOf(key),
      (rows) => rows.length === 1,
    );
  };

  it("counts into the active alert, ignores redeliveries, and opens a new one after resolution", async () => {
    const device = await seedDevice(prisma);
    const fleet = await prisma.fleet.findUniqueOrThrow({ where: { id: device.fleetId } });
    const admin = await seedOperator(prisma, "admin", { organisationId: fleet.organisationId });
    const dedupKey = `rule-temp:${device.id}:high`;
    const t0 = new Date("2026-11-25T12:00:00.000Z");
    const at = (s: number) => new Date(t0.getTime() + s * 1000);
    const first = [
      event(device.id, dedupKey, 1, at(0)),
      event(device.id, dedupKey, 2, at(1)),
      event(device.id, dedupKey, 3, at(2)),
    ];

    await producer.send({ topic, acks: -1, messages: first });
    const active = await pollUntil(
      () => alertsOf(dedupKey),
      (rows) => rows[0]?.count === 3,
    );
    expect(active).toEqual([
      {
        status: "active",
        count: 3,
        first_seen_at: at(0),
        last_seen_at: at(2),
        last_message_id: "msg-3",
        message: "temperature 83 above 80",
        rule_version: 2,
        details: { fleetId: "fleet-x", ruleName: "hot", name: "high", payload: { temperature: 83 } },
      },
    ]);

    // The same events again (a redelivery after a crash): the count stays.
    await producer.send({ topic, acks: -1, messages: first.slice(1) });
    await barrier(device.id);
    expect((await alertsOf(dedupKey))[0]?.count).toBe(3);

    const { rows } = await pool.query("SELECT id FROM alerts WHERE dedup_key = $1", [dedupKey]);
    await resolveAlert(
      prisma,
      { operatorId: admin.id, organisationId: admin.organisationId, email: admin.email, role: "admin", tokenId: "t" },
      { alertId: rows[0].id },
    );

    // An event from before the resolution, redelivered, does not reopen it; a new one does.
    await producer.send({ topic, acks: -1, messages: [first[2] as (typeof first)[number]] });
    await barrier(device.id);
    expect(await alertsOf(dedupKey)).toHaveLength(1);
    await producer.send({ topic, acks: -1, messages: [event(device.id, dedupKey, 4, at(60))] });
    const after = await pollUntil(
      () => alertsOf(dedupKey),
      (r) => r.length === 2,
    );
    expect(after.map((a) => [a.status, a.count, a.last_message_id])).toEqual([
      ["resolved", 3, "msg-3"],
      ["active", 1, "msg-4"],
    ]);
  });

  it("sends an unusable record to the dead-letter topic with the reason", async () => {
    const key = `bad-${randomBytes(4).toString("hex")}`;
    const since = Date.now() - 1000;
    await producer.send({ topic, acks: -1, messages: [{ key, value: JSON.stringify({ dedupKey: "x" }) }] });
    const [letter] = await waitForRecords(config, KAFKA_TOPICS.telemetryDlq.name, {
      key,
      sinceMs: since,
      count: 1,
      timeoutMs: 20_000,
    });
    expect(letter?.headers).toMatchObject({
      reason: "invalid_alert_event",
      stage: "alerts-writer",
      "source-topic": topic,
    });
    expect(letter?.value).toBe(JSON.stringify({ dedupKey: "x" }));
  });
});
