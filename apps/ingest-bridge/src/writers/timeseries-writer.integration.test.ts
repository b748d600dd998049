import { randomBytes } from "node:crypto";
import { loadPlatformConfig } from "@fleetwire/config";
import { createLogger } from "@fleetwire/core";
import { queryTelemetry, sqlQueryFromPool, type TelemetryRow, writeTelemetryRows } from "@fleetwire/sinks";
import type { Kafka, Producer } from "kafkajs";
import pg from "pg";
import { Registry } from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
import { createTimeseriesWriter } from "./timeseries-writer.ts";

const config = loadPlatformConfig();
const log = createLogger("timeseries-writer-test");
log.level = "warn";

describe("time-series writer (real Kafka and PostgreSQL)", () => {
  let infra: Awaited<ReturnType<typeof ensureWritersTestInfra>>;
  let kafka: Kafka;
  let producer: Producer;
  let pool: pg.Pool;
  let topic: string;
  const groupId = uniqueGroup("fleetwire-timeseries");

  const start = () => {
    const writer = createTimeseriesWriter(
      { topic, groupId, maxRows: 500, maxWaitMs: 100, retentionDays: null },
      { kafka, producer, pool, log, metrics: sinkMetrics(new Registry()) },
    );
    return writer.start().then(() => writer);
  };
  const countRows = async (deviceIds: string[]) =>
    Number((await pool.query("SELECT count(*) AS n FROM telemetry WHERE device_id = ANY($1)", [deviceIds])).rows[0].n);

  beforeAll(async () => {
    infra = await ensureWritersTestInfra(config);
    kafka = testKafka(config);
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    pool = new pg.Pool({ connectionString: config.databaseUrl, max: 4 });
    topic = await createTestTopic(kafka, "route.timeseries");
  });

  afterAll(async () => {
    await deleteTestTopic(kafka, topic);
    await producer?.disconnect();
    await pool?.end();
    await infra?.stop();
  });

  it("flattens each message's metrics into rows; redelivered records add none", async () => {
    const devices = [`dev-ts-${randomBytes(4).toString("hex")}`, `dev-ts-${randomBytes(4).toString("hex")}`];
    const base = Date.parse("2026-11-25T10:00:00.000Z");
    const messages = Array.from({ length: 300 }, (_, i) => {
      const deviceId = devices[i % 2] as string;
      return routedTelemetryRecord({
        deviceId,
        fleetId: "fleet-ts",
        messageId: `m-${i}`,
        recordedAt: new Date(base + i * 1000),
        metrics: {
          temperature: 20 + i / 10,
          pressure: { value: 1000 + i, unit: "hpa" },
          door_open: i % 3 === 0,
          gps: { lat: 52.5, lon: 13.4 },
          label: "not a number",
        },
      });
    });
    await producer.send({ topic, acks: -1, messages });

    const writer = await start();
    try {
      // 5 rows per message: temperature, pressure, door_open, gps.lat, gps.lon.
      expect(
        await pollUntil(
          () => countRows(devices),
          (n) => n >= 1500,
        ),
      ).toBe(1500);
      const { rows } = await pool.query(
        `SELECT metric_name, value, unit, recorded_at, message_id FROM telemetry
          WHERE device_id = $1 AND message_id = 'm-4' ORDER BY metric_name`,
        [devices[0]],
      );
      expect(rows).toEqual([
        { metric_name: "door_open", value: 0, unit: null, recorded_at: new Date(base + 4000), message_id: "m-4" },
        { metric_name: "gps.lat", value: 52.5, unit: null, recorded_at: new Date(base + 4000), message_id: "m-4" },
        { metric_name: "gps.lon", value: 13.4, unit: null, recorded_at: new Date(base + 4000), message_id: "m-4" },
        { metric_name: "pressure", value: 1004, unit: "hpa", recorded_at: new Date(base + 4000), message_id: "m-4" },
        { metric_name: "temperature", value: 20.4, unit: null, recorded_at: new Date(base + 4000), message_id: "m-4" },
      ]);

      // The same records produced again (a retrying forwarder): nothing new lands.
      await producer.send({ topic, acks: -1, messages });
      const marker = routedTelemetryRecord({
        deviceId: devices[0] as string,
        fleetId: "fleet-ts",
        messageId: "marker",
        recordedAt: new Date(base + 999_000),
        metrics: { temperature: 1 },
      });
      await producer.send({ topic, acks: -1, messages: [marker] });
      expect(
        await pollUntil(
          () => countRows(devices),
          (n) => n >= 1501,
        ),
      ).toBe(1501);
    } finally {
      await writer.stop();
    }

    // True redelivery: the group's offsets go back to the start and every record is read again.
    const admin = kafka.admin();
    await admin.connect();
    await admin.resetOffsets({ groupId, topic, earliest: true });
    await admin.disconnect();
    const again = await start();
    try {
      await pollUntil(
        async () => {
          const lag = await kafka.admin();
          await lag.connect();
          const offsets = await lag.fetchOffsets({ groupId, topics: [topic] });
          await lag.disconnect();
          return offsets[0]?.partitions.reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0) ?? 0;
        },
        (committed) => committed >= 601,
      );
      expect(await countRows(devices)).toBe(1501);
    } finally {
      await again.stop();
    }

    const series = await queryTelemetry(sqlQueryFromPool(pool), {
      deviceId: devices[0] as string,
      metric: "temperature",
      from: new Date(base),
      to: new Date(base + 60_000),
      bucketSeconds: 10,
    });
    // Device 0 sends every other second: 5 readings per 10 s bucket, 6 buckets in the minute.
    expect(series).toHaveLength(6);
    expect(series[0]).toMatchObject({ bucket: new Date(base), count: 5, min: 20, max: 20.8 });
    expect(series[0]?.avg).toBeCloseTo(20.4, 10);
  });

  it("stores awkward names, units, values and millisecond times exactly as sent", async () => {
    const deviceId = `dev-ts-"odd",{x}\\${randomBytes(4).toString("hex")}`;
    const recordedAt = new Date("2026-11-25T10:00:00.123Z");
    const receivedAt = new Date("2026-11-25T10:00:01.987Z");
    const names = ['quote"d', "back\\slash", "{brace}", "comma,semi;", "tab\tnew\nline", "NULL", "温度", " spaced "];
    const rows: TelemetryRow[] = names.map((metricName, i) => ({
      deviceId,
      metricName,
      value: [1e308, -0.5, 5e-324, 0.1 + 0.2, -1234567.890123, 42, 13.4, Number.MIN_SAFE_INTEGER][i] as number,
      unit: [null, "", "°C", 'a"b', "NULL", "x,y", null, "{u}"][i] as string | null,
      recordedAt,
      messageId: `m-{${i}}"`,
      receivedAt,
    }));
    // A row twice in one batch (a retrying device within one flush) lands once.
    expect(await writeTelemetryRows(pool, [...rows, rows[0] as TelemetryRow])).toEqual({ rows: 9, inserted: 8 });
    expect(await writeTelemetryRows(pool, rows)).toEqual({ rows: 8, inserted: 0 });
    const { rows: stored } = await pool.query(
      `SELECT device_id, metric_name, value, unit, recorded_at, message_id, received_at
         FROM telemetry WHERE device_id = $1 ORDER BY message_id`,
      [deviceId],
    );
    expect(stored).toEqual(
      rows.map((r) => ({
        device_id: r.deviceId,
        metric_name: r.metricName,
        value: r.value,
        unit: r.unit,
        recorded_at: recordedAt,
        message_id: r.messageId,
        received_at: receivedAt,
      })),
    );
  });
});
