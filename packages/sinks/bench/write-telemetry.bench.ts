/**
 * Rows per second of the time-series write path (writeTelemetryRows: one INSERT ... SELECT FROM
 * unnest(...) ON CONFLICT DO NOTHING per batch) against the profile's PostgreSQL, with the writer's
 * default batch of 5,000 rows. A second pass writes the same rows again (all duplicates), which is
 * what a redelivery costs. The rows are removed afterwards.
 *
 *   FLEETWIRE_PROFILE=test pnpm --filter @fleetwire/sinks bench [total rows] [batch rows]
 */
import { randomBytes } from "node:crypto";
import { loadPlatformConfig } from "@fleetwire/config";
import pg from "pg";
import type { TelemetryRow } from "../src/telemetry/flatten-metrics.ts";
import { writeTelemetryRows } from "../src/telemetry/write-telemetry-rows.ts";

const total = Number(process.argv[2] ?? 500_000);
const batch = Number(process.argv[3] ?? 5_000);
const config = loadPlatformConfig();
const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 1 });
const run = randomBytes(4).toString("hex");
const devices = Array.from({ length: 100 }, (_, i) => `bench-${run}-${i}`);
const metrics = ["temperature", "humidity", "pressure", "voltage", "rssi"];
const start = Date.parse("2026-11-01T00:00:00Z");

function rowsOf(from: number, count: number): TelemetryRow[] {
  return Array.from({ length: count }, (_, k) => {
    const i = from + k;
    const message = Math.floor(i / metrics.length);
    return {
      deviceId: devices[message % devices.length] as string,
      metricName: metrics[i % metrics.length] as string,
      value: Math.sin(i) * 100,
      unit: i % metrics.length === 2 ? "hpa" : null,
      recordedAt: new Date(start + message * 100),
      messageId: `m-${message}`,
      receivedAt: new Date(start + message * 100 + 20),
    };
  });
}

async function pass(label: string) {
  let inserted = 0;
  const t0 = process.hrtime.bigint();
  for (let from = 0; from < total; from += batch) {
    inserted += (await writeTelemetryRows(pool, rowsOf(from, Math.min(batch, total - from)))).inserted;
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const result = {
    label,
    rows: total,
    batch,
    inserted,
    seconds: Number(seconds.toFixed(2)),
    rowsPerSecond: Math.round(total / seconds),
  };
  console.log(JSON.stringify(result));
  return result;
}

try {
  await pass("new rows");
  await pass("redelivered (all duplicates)");
} finally {
  await pool.query("DELETE FROM telemetry WHERE device_id = ANY($1)", [devices]);
  await pool.end();
}
