import path from "node:path";
import { ConfigError, KAFKA_TOPICS, loadPlatformConfig } from "@fleetwire/config";
import { z } from "zod";

const count = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const name = z.string().regex(/^[A-Za-z0-9._-]{1,200}$/, "letters, digits, '.', '_' or '-'");

/**
 * The writers' settings (time-series, archive, alerts), on top of the platform's. Defaults suit
 * one writer process of each kind on a laptop. Topic and group names can be changed for a second
 * deployment beside the first (and by tests that need a topic of their own).
 */
const ZWritersEnv = z.object({
  FLEETWIRE_TIMESERIES_TOPIC: name.default(KAFKA_TOPICS.routeTimeseries.name),
  FLEETWIRE_TIMESERIES_GROUP: name.default("fleetwire-timeseries"),
  FLEETWIRE_TIMESERIES_BATCH_ROWS: count(1, 100_000).default(5_000),
  FLEETWIRE_TIMESERIES_BATCH_MS: count(1, 60_000).default(200),
  /** Days of telemetry TimescaleDB keeps (a retention policy); unset: kept forever. No effect on plain PostgreSQL. */
  FLEETWIRE_TELEMETRY_RETENTION_DAYS: count(1, 36_500).optional(),
  FLEETWIRE_ARCHIVE_TOPIC: name.default(KAFKA_TOPICS.routeArchive.name),
  FLEETWIRE_ARCHIVE_GROUP: name.default("fleetwire-archive"),
  FLEETWIRE_ARCHIVE_BATCH_RECORDS: count(1, 1_000_000).default(100_000),
  FLEETWIRE_ARCHIVE_BATCH_MS: count(100, 3_600_000).default(300_000),
  FLEETWIRE_ARCHIVE_DIR: z.string().min(1).optional(),
  FLEETWIRE_ARCHIVE_S3_BUCKET: z.string().min(3).max(63).optional(),
  FLEETWIRE_ARCHIVE_S3_PREFIX: z
    .string()
    .regex(/^[^/].*[^/]$|^[^/]?$/, "no leading or trailing '/'")
    .default("archive"),
  FLEETWIRE_ARCHIVE_S3_REGION: z.string().min(1).default("us-east-1"),
  FLEETWIRE_ARCHIVE_S3_ENDPOINT: z.url().optional(),
  FLEETWIRE_ALERTS_TOPIC: name.default(KAFKA_TOPICS.routeAlerts.name),
  FLEETWIRE_ALERTS_GROUP: name.default("fleetwire-alerts"),
  FLEETWIRE_ALERTS_BATCH_EVENTS: count(1, 10_000).default(500),
  FLEETWIRE_ALERTS_BATCH_MS: count(1, 60_000).default(100),
});

export function loadWritersEnv(env: NodeJS.ProcessEnv = process.env) {
  const config = loadPlatformConfig(env);
  const parsed = ZWritersEnv.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(String(issue?.path[0] ?? "environment"), issue?.message ?? "invalid");
  }
  const e = parsed.data;
  return {
    ...config,
    writers: {
      timeseries: {
        topic: e.FLEETWIRE_TIMESERIES_TOPIC,
        groupId: e.FLEETWIRE_TIMESERIES_GROUP,
        maxRows: e.FLEETWIRE_TIMESERIES_BATCH_ROWS,
        maxWaitMs: e.FLEETWIRE_TIMESERIES_BATCH_MS,
        retentionDays: e.FLEETWIRE_TELEMETRY_RETENTION_DAYS ?? null,
      },
      archive: {
        topic: e.FLEETWIRE_ARCHIVE_TOPIC,
        groupId: e.FLEETWIRE_ARCHIVE_GROUP,
        maxRecords: e.FLEETWIRE_ARCHIVE_BATCH_RECORDS,
        maxWaitMs: e.FLEETWIRE_ARCHIVE_BATCH_MS,
        dir: path.resolve(e.FLEETWIRE_ARCHIVE_DIR ?? path.join(config.stateDir, "archive")),
        s3: e.FLEETWIRE_ARCHIVE_S3_BUCKET
          ? {
              bucket: e.FLEETWIRE_ARCHIVE_S3_BUCKET,
              prefix: e.FLEETWIRE_ARCHIVE_S3_PREFIX,
              region: e.FLEETWIRE_ARCHIVE_S3_REGION,
              endpoint: e.FLEETWIRE_ARCHIVE_S3_ENDPOINT,
            }
          : null,
      },
      alerts: {
        topic: e.FLEETWIRE_ALERTS_TOPIC,
        groupId: e.FLEETWIRE_ALERTS_GROUP,
        maxEvents: e.FLEETWIRE_ALERTS_BATCH_EVENTS,
        maxWaitMs: e.FLEETWIRE_ALERTS_BATCH_MS,
      },
    },
  };
}

export type WritersEnv = ReturnType<typeof loadWritersEnv>;
