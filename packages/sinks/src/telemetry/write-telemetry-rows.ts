import type { Pool } from "pg";
import type { TelemetryRow } from "./flatten-metrics.ts";

/**
 * One statement for the whole batch: the rows travel as seven column arrays and PostgreSQL unpacks
 * them with unnest. Times go as epoch milliseconds (exact in a double, and cheaper to send than
 * text). In the unique key's order, so the index is updated page by page rather than at random,
 * and two batches landing at once take their row locks in the same order (no deadlock).
 */
const INSERT_ROWS = `INSERT INTO telemetry (device_id, metric_name, value, unit, recorded_at, message_id, received_at)
SELECT device_id, metric_name, value, unit, to_timestamp(recorded_ms / 1000.0), message_id, to_timestamp(received_ms / 1000.0)
  FROM unnest($1::text[], $2::text[], $3::float8[], $4::text[], $5::float8[], $6::text[], $7::float8[])
    AS batch (device_id, metric_name, value, unit, recorded_ms, message_id, received_ms)
  ORDER BY device_id, metric_name, recorded_ms, message_id
ON CONFLICT DO NOTHING`;

export interface TelemetryWriteResult {
  /** Rows the batch held. */
  rows: number;
  /** Rows that were new; the rest were already stored (a redelivery) and were left as they were. */
  inserted: number;
}

/**
 * Lands a batch of rows with one INSERT ... ON CONFLICT DO NOTHING on the idempotency key (device,
 * metric, recorded_at, message id): a redelivered message adds nothing, and duplicates inside one
 * batch are fine too. One statement is one transaction, and one round trip: a COPY into a staging
 * table took five (BEGIN, COPY, INSERT, COMMIT and the COPY data), each waiting its turn on a busy
 * event loop. When this resolves, the rows are committed: the caller may acknowledge upstream.
 */
export async function writeTelemetryRows(pool: Pool, rows: readonly TelemetryRow[]): Promise<TelemetryWriteResult> {
  if (rows.length === 0) return { rows: 0, inserted: 0 };
  const deviceIds: string[] = [];
  const metricNames: string[] = [];
  const values: number[] = [];
  const units: (string | null)[] = [];
  const recordedMs: number[] = [];
  const messageIds: string[] = [];
  const receivedMs: number[] = [];
  for (const r of rows) {
    deviceIds.push(r.deviceId);
    metricNames.push(r.metricName);
    values.push(r.value);
    units.push(r.unit);
    recordedMs.push(r.recordedAt.getTime());
    messageIds.push(r.messageId);
    receivedMs.push(r.receivedAt.getTime());
  }
  const result = await pool.query({
    // Prepared once per connection: the statement is parsed and planned once, not per batch.
    name: "fleetwire-insert-telemetry",
    text: INSERT_ROWS,
    values: [deviceIds, metricNames, values, units, recordedMs, messageIds, receivedMs],
  });
  return { rows: rows.length, inserted: result.rowCount ?? 0 };
}
