import type { Logger } from "@fleetwire/core";
import { parseRoutedTelemetry, type TelemetryRow, toTelemetryRows, writeTelemetryRows } from "@fleetwire/sinks";
import type { Kafka, Producer } from "kafkajs";
import type { Pool } from "pg";
import { SinkConsumer } from "./sink-consumer.ts";
import type { SinkMetrics } from "./sink-metrics.ts";
import type { WritersEnv } from "./writers-env.ts";

/**
 * route.timeseries -> the telemetry table. Each message's metrics become rows; a batch of up to
 * `maxRows` rows (or `maxWaitMs` old) lands with one INSERT (one transaction), idempotent on the
 * message id, and only then are the Kafka offsets committed. Two batches may be landing at once.
 */
export function createTimeseriesWriter(
  settings: WritersEnv["writers"]["timeseries"],
  deps: { kafka: Kafka; producer: Producer; pool: Pool; log: Logger; metrics: SinkMetrics },
) {
  return new SinkConsumer<TelemetryRow>({
    role: "timeseries",
    kafka: deps.kafka,
    producer: deps.producer,
    topic: settings.topic,
    groupId: settings.groupId,
    maxWeight: settings.maxRows,
    maxWaitMs: settings.maxWaitMs,
    flushWhenIdle: true,
    // writeTelemetryRows is safe to run twice at once: each call has its own connection and
    // transaction, and they insert in the same key order.
    flushesInFlight: 2,
    decode(record) {
      const rows = toTelemetryRows(parseRoutedTelemetry(record));
      return { items: rows, weight: rows.length };
    },
    async write(snapshot) {
      const rows = snapshot.slices.flatMap((s) => s.items);
      const result = await writeTelemetryRows(deps.pool, rows);
      deps.log.debug({ rows: result.rows, inserted: result.inserted }, "telemetry batch committed");
      return { written: result.inserted };
    },
    log: deps.log,
    metrics: deps.metrics,
  });
}
