import { randomBytes } from "node:crypto";
import { loadPlatformConfig } from "@fleetwire/config";
import { startWorkerProcess, type WorkerProcessUnderTest } from "@fleetwire/infra/worker-process";
import type { Kafka, Producer } from "kafkajs";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { routedTelemetryRecord } from "./testing/telemetry-records.ts";
import {
  createTestTopic,
  deleteTestTopic,
  ensureWritersTestInfra,
  pollUntil,
  testKafka,
  uniqueGroup,
} from "./testing/writers-test-infra.ts";

const config = loadPlatformConfig();
const MESSAGES = 40_000;
const METRICS_PER_MESSAGE = 3;

describe("time-series writer killed in the middle of a batch", () => {
  let infra: Awaited<ReturnType<typeof ensureWritersTestInfra>>;
  let kafka: Kafka;
  let producer: Producer;
  let pool: pg.Pool;
  let topic: string;
  let writers: WorkerProcessUnderTest | undefined;
  const groupId = uniqueGroup("fleetwire-timeseries");
  const deviceId = `dev-kill-${randomBytes(4).toString("hex")}`;

  beforeAll(async () => {
    infra = await ensureWritersTestInfra(config);
    kafka = testKafka(config);
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    pool = new pg.Pool({ connectionString: config.databaseUrl, max: 2 });
    topic = await createTestTopic(kafka, "route.timeseries", 3);
  });

  afterAll(async () => {
    await writers?.stop();
    await deleteTestTopic(kafka, topic);
    await producer?.disconnect();
    await pool?.end();
    await infra?.stop();
  });

  const stats = async () => {
    const { rows } = await pool.query(
      "SELECT count(*)::int AS rows, count(DISTINCT message_id)::int AS messages FROM telemetry WHERE device_id = $1",
      [deviceId],
    );
    return rows[0] as { rows: number; messages: number };
  };

  it("after SIGKILL and a restart, rows equal the distinct message ids sent", async () => {
    const base = Date.now() - 3_600_000;
    for (let start = 0; start < MESSAGES; start += 1_000) {
      const messages = Array.from({ length: 1_000 }, (_, j) => {
        const i = start + j;
        // Keyed by i so the records spread over the topic's partitions, as many devices' would.
        const record = routedTelemetryRecord({
          deviceId,
          fleetId: "fleet-kill",
          messageId: `k-${i}`,
          recordedAt: new Date(base + i),
          metrics: { temperature: i, humidity: i % 100, voltage: { value: 3.3, unit: "V" } },
        });
        return { ...record, key: `${deviceId}-${i % 12}` };
      });
      await producer.send({ topic, acks: -1, messages });
    }

    const env = {
      FLEETWIRE_TIMESERIES_TOPIC: topic,
      FLEETWIRE_TIMESERIES_GROUP: groupId,
      FLEETWIRE_TIMESERIES_BATCH_ROWS: "3000",
      FLEETWIRE_TIMESERIES_BATCH_MS: "200",
    };
    writers = await startWorkerProcess(config, "writers", { roles: ["timeseries"], env, name: `kill-${groupId}` });
    // Kill it once part of the records landed and the rest is still being consumed.
    const atKill = await pollUntil(stats, (s) => s.messages >= MESSAGES / 10, 120_000);
    await writers.kill();
    const afterKill = await stats();
    const admin = kafka.admin();
    await admin.connect();
    const committed = (await admin.fetchOffsets({ groupId, topics: [topic] }))[0]?.partitions ?? [];
    await admin.disconnect();
    const committedRecords = committed.reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
    // Rows the database has beyond the committed offsets come again after the restart: a redelivery.
    console.info(
      `killed with ${afterKill.messages} of ${MESSAGES} messages (${afterKill.rows} rows) landed, offsets committed for ${committedRecords}`,
    );
    expect(committedRecords).toBeLessThanOrEqual(afterKill.messages);
    expect(atKill.messages).toBeGreaterThan(0);
    expect(afterKill.messages).toBeLessThan(MESSAGES);

    writers = await startWorkerProcess(config, "writers", { roles: ["timeseries"], env, name: `kill-${groupId}-2` });
    const final = await pollUntil(stats, (s) => s.messages >= MESSAGES, 180_000);
    // Let any redelivered batch land too, then compare.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await stats()).toEqual({ rows: MESSAGES * METRICS_PER_MESSAGE, messages: MESSAGES });
    expect(final.messages).toBe(MESSAGES);
  }, 400_000);
});
