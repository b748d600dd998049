import { pipeline } from "node:stream/promises";
import type { Pool, PoolClient } from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { copyTextField } from "./copy-text.ts";
import type { TelemetryRow } from "./flatten-metrics.ts";

const COLUMNS = "device_id, metric_name, value, unit, recorded_at, message_id, received_at";

/**
 * A session-private staging table, created once per connection. ON COMMIT DELETE ROWS empties it
 * at every commit, so each batch starts clean and nothing lingers after a failed one (rollback).
 */
const CREATE_STAGING = `CREATE TEMP TABLE IF NOT EXISTS telemetry_staging (
  device_id text NOT NULL, metric_name text NOT NULL, value double precision NOT NULL, unit text,
  recorded_at timestamptz(3) NOT NULL, message_id text NOT NULL, received_at timestamptz(3) NOT NULL
) ON COMMIT DELETE ROWS`;

/** Connections that already have the staging table (temp tables live as long as the session). */
const prepared = new WeakSet<PoolClient>();

/**
 * The COPY data in chunks of about 64 KiB: one write per row would cost more than the row. The
 * rows of one message are adjacent and share its two Date objects, so each is formatted once per
 * message rather than once per row.
 */
export function* copyChunks(rows: readonly TelemetryRow[]): Generator<string> {
  let chunk = "";
  let recordedAt: Date | null = null;
  let receivedAt: Date | null = null;
  let recordedText = "";
  let receivedText = "";
  for (const r of rows) {
    if (r.recordedAt !== recordedAt) {
      recordedAt = r.recordedAt;
      recordedText = copyTextField(recordedAt);
    }
    if (r.receivedAt !== receivedAt) {
      receivedAt = r.receivedAt;
      receivedText = copyTextField(receivedAt);
    }
    chunk += `${copyTextField(r.deviceId)}\t${copyTextField(r.metricName)}\t${copyTextField(r.value)}\t${copyTextField(r.unit)}\t${recordedText}\t${copyTextField(r.messageId)}\t${receivedText}\n`;
    if (chunk.length >= 65_536) {
      yield chunk;
      chunk = "";
    }
  }
  if (chunk) yield chunk;
}

export interface TelemetryWriteResult {
  /** Rows the batch held. */
  rows: number;
  /** Rows that were new; the rest were already stored (a redelivery) and were left as they were. */
  inserted: number;
}

/**
 * Lands a batch of rows in one transaction: COPY into the staging table, then one
 * INSERT ... SELECT ... ON CONFLICT DO NOTHING on the idempotency key (device, metric, recorded_at,
 * message id). A redelivered message therefore adds nothing, and duplicates inside one batch are
 * fine too. When this resolves, the rows are committed: the caller may acknowledge upstream.
 */
export async function writeTelemetryRows(pool: Pool, rows: readonly TelemetryRow[]): Promise<TelemetryWriteResult> {
  if (rows.length === 0) return { rows: 0, inserted: 0 };
  const client = await pool.connect();
  let broken = false;
  try {
    if (!prepared.has(client)) {
      await client.query(CREATE_STAGING);
      prepared.add(client);
    }
    await client.query("BEGIN");
    try {
      const copy = client.query(copyFrom(`COPY telemetry_staging (${COLUMNS}) FROM STDIN`));
      await pipeline(copyChunks(rows), copy);
      const result = await client.query(
        // In key order: the unique index is then updated page by page rather than at random.
        `INSERT INTO telemetry (${COLUMNS}) SELECT ${COLUMNS} FROM telemetry_staging
          ORDER BY device_id, metric_name, recorded_at ON CONFLICT DO NOTHING`,
      );
      await client.query("COMMIT");
      return { rows: rows.length, inserted: result.rowCount ?? 0 };
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {
        broken = true;
      });
      throw error;
    }
  } catch (error) {
    // A connection that failed mid-COPY may be out of step with the server: drop it from the pool.
    broken = true;
    throw error;
  } finally {
    client.release(broken);
  }
}
