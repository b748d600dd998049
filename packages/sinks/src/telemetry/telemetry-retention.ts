import type { SqlQuery } from "./query-telemetry.ts";

export type RetentionOutcome =
  | { applied: true; days: number }
  | { applied: false; reason: "timescaledb_not_installed" | "telemetry_not_a_hypertable" };

/**
 * Drops telemetry chunks older than `days` on TimescaleDB (add_retention_policy). Plain PostgreSQL
 * has no chunks to drop: there the outcome says so and nothing changes (delete old rows with a
 * scheduled job of your own, or partition the table). Replaces an existing policy when the number
 * of days changed.
 */
export async function ensureTelemetryRetention(query: SqlQuery, days: number): Promise<RetentionOutcome> {
  const ext = await query<{ n: number }>(
    "SELECT count(*)::int AS n FROM pg_extension WHERE extname = 'timescaledb'",
    [],
  );
  if (!ext[0]?.n) return { applied: false, reason: "timescaledb_not_installed" };
  const hyper = await query<{ n: number }>(
    "SELECT count(*)::int AS n FROM timescaledb_information.hypertables WHERE hypertable_name = 'telemetry'",
    [],
  );
  if (!hyper[0]?.n) return { applied: false, reason: "telemetry_not_a_hypertable" };
  const current = await query<{ drop_after: string | null }>(
    `SELECT config->>'drop_after' AS drop_after FROM timescaledb_information.jobs
      WHERE hypertable_name = 'telemetry' AND proc_name = 'policy_retention'`,
    [],
  );
  const wanted = `${days} days`;
  if (current[0]?.drop_after === wanted) return { applied: true, days };
  if (current.length > 0) await query("SELECT remove_retention_policy('telemetry', if_exists => true)", []);
  await query("SELECT add_retention_policy('telemetry', make_interval(days => $1::int))", [days]);
  return { applied: true, days };
}
