import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { loadPlatformConfig } from "@fleetwire/config";
import { createLogger } from "@fleetwire/core";
import { LocalArchiveStore } from "@fleetwire/sinks";
import type { Kafka, Producer } from "kafkajs";
import { Registry } from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createArchiveWriter } from "./archive-writer.ts";
import { sinkMetrics } from "./sink-metrics.ts";
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
const log = createLogger("archive-writer-test");
log.level = "warn";

/** DuckDB (its own C++ Parquet reader, independent of the writer's library) reads the files. */
async function readParquet(glob: string) {
  const db = await DuckDBInstance.create(":memory:");
  const connection = await db.connect();
  try {
    const reader = await connection.runAndReadAll(
      `SELECT message_id, device_id, fleet_id, recorded_at, metrics_json, rule_ids, kafka_partition, kafka_offset
         FROM read_parquet('${glob}') ORDER BY message_id`,
    );
    return reader.getRowObjectsJson() as Record<string, string | number | null>[];
  } finally {
    connection.closeSync();
  }
}

describe("archive writer (real Kafka, Parquet read back by DuckDB)", () => {
  let infra: Awaited<ReturnType<typeof ensureWritersTestInfra>>;
  let kafka: Kafka;
  let producer: Producer;
  let topic: string;
  let dir: string;

  beforeAll(async () => {
    infra = await ensureWritersTestInfra(config);
    kafka = testKafka(config);
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    topic = await createTestTopic(kafka, "route.archive", 3);
    dir = await mkdtemp(path.join(tmpdir(), "fleetwire-archive-"));
  });

  afterAll(async () => {
    await deleteTestTopic(kafka, topic);
    await producer?.disconnect();
    await rm(dir, { recursive: true, force: true });
    await infra?.stop();
  });

  it("writes hourly fleet/date/hour Parquet files that hold every archived message once", async () => {
    const hour = Date.parse("2026-11-25T13:00:00.000Z");
    const messages = Array.from({ length: 500 }, (_, i) =>
      routedTelemetryRecord({
        deviceId: `dev-a-${i % 5}`,
        fleetId: i % 10 === 0 ? "fleet-b" : "fleet-a",
        messageId: `a-${String(i).padStart(4, "0")}`,
        // Most in 13:00-14:00, every fourth one in the next hour.
        recordedAt: new Date(hour + (i % 4 === 0 ? 3_600_000 : 0) + i * 1000),
        metrics: { temperature: i, status: "ok" },
        ruleIds: ["rule-1"],
      }),
    );
    // Half before the writer starts, half while it runs: several flushes.
    await producer.send({ topic, acks: -1, messages: messages.slice(0, 250) });
    const store = new LocalArchiveStore(dir);
    const writer = createArchiveWriter(
      { topic, groupId: uniqueGroup("fleetwire-archive"), maxRecords: 100, maxWaitMs: 300, dir, s3: null },
      { kafka, producer, store, log, metrics: sinkMetrics(new Registry()) },
    );
    await writer.start();
    try {
      await producer.send({ topic, acks: -1, messages: messages.slice(250) });
      const all = await pollUntil(
        () => readParquet(`${dir}/fleet=*/date=*/hour=*/*.parquet`).catch(() => []),
        (rows) => rows.length >= 500,
      );
      expect(all).toHaveLength(500);
      expect(new Set(all.map((r) => r.message_id)).size).toBe(500);
    } finally {
      await writer.stop();
    }

    const fleetA13 = await readParquet(`${dir}/fleet=fleet-a/date=2026-11-25/hour=13/*.parquet`);
    const expected13 = messages
      .map((_, i) => i)
      .filter((i) => i % 10 !== 0 && i % 4 !== 0 && hour + i * 1000 < hour + 3_600_000);
    expect(fleetA13.map((r) => r.message_id)).toEqual(expected13.map((i) => `a-${String(i).padStart(4, "0")}`));
    expect(fleetA13[0]).toMatchObject({
      device_id: "dev-a-1",
      fleet_id: "fleet-a",
      recorded_at: "2026-11-25 13:00:01",
      metrics_json: '{"temperature":1,"status":"ok"}',
      rule_ids: "rule-1",
    });
    const hourDirs = await readdir(path.join(dir, "fleet=fleet-a", "date=2026-11-25"));
    expect(hourDirs.sort()).toEqual(["hour=13", "hour=14"]);
    // Every flush committed: no intent left behind, no temporary file.
    expect(await readdir(path.join(dir, "_pending")).catch(() => [])).toEqual([]);
    expect(await readdir(path.join(dir, "_tmp")).catch(() => [])).toEqual([]);
  });
});
