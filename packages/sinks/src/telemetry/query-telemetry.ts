import { type TTelemetrySeriesRequest, ZTelemetrySeriesRequest } from "./telemetry-series.schema.ts";

/** Runs one parameterised SQL query and returns its rows (a pg Pool, or Prisma's $queryRawUnsafe). */
export type SqlQuery = <T>(sql: string, params: unknown[]) => Promise<T[]>;

export function sqlQueryFromPool(pool: {
  query: (sql: string, params: unknown[]) => Promise<{ rows: unknown[] }>;
}): SqlQuery {
  return async <T>(sql: string, params: unknown[]) => (await pool.query(sql, params)).rows as T[];
}

export function sqlQueryFromPrisma(prisma: {
  $queryRawUnsafe: (sql: string, ...params: unknown[]) => Promise<unknown>;
}): SqlQuery {
  return async <T>(sql: string, params: unknown[]) => (await prisma.$queryRawUnsafe(sql, ...params)) as T[];
}

export interface TelemetryBucket {
  bucket: Date;
  avg: number;
  min: number;
  max: number;
  count: number;
  unit: string | null;
}

/**
 * One device metric over [from, to), aggregated per bucket for the console's charts. date_bin
 * (PostgreSQL 14+) rather than TimescaleDB's time_bucket, so the same query runs on both; buckets
 * are aligned to the Unix epoch, so the same range always gives the same buckets.
 */
export async function queryTelemetry(query: SqlQuery, request: TTelemetrySeriesRequest): Promise<TelemetryBucket[]> {
  const r = ZTelemetrySeriesRequest.parse(request);
  const rows = await query<{
    bucket: Date;
    avg: number;
    min: number;
    max: number;
    count: number | bigint;
    unit: string | null;
  }>(
    `SELECT date_bin(make_interval(secs => $5), recorded_at, TIMESTAMPTZ '1970-01-01 00:00:00+00') AS bucket,
            avg(value)::float8 AS avg, min(value)::float8 AS min, max(value)::float8 AS max,
            count(*)::int AS count, max(unit) AS unit
       FROM telemetry
      WHERE device_id = $1 AND metric_name = $2 AND recorded_at >= $3 AND recorded_at < $4
      GROUP BY 1
      ORDER BY 1`,
    [r.deviceId, r.metric, r.from, r.to, r.bucketSeconds],
  );
  return rows.map((row) => ({ ...row, bucket: new Date(row.bucket), count: Number(row.count) }));
}
