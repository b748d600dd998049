import type { Logger } from "@fleetwire/core";
import { ensureTelemetryRetention, sqlQueryFromPool } from "@fleetwire/sinks";
import { type RunningWorker, registerWorkerRole } from "../workers/worker-roles.ts";
import { createAlertsWriter } from "./alerts-writer.ts";
import { createArchiveWriter } from "./archive-writer.ts";
import type { SinkConsumer } from "./sink-consumer.ts";
import { sinkMetrics } from "./sink-metrics.ts";
import { createTimeseriesWriter } from "./timeseries-writer.ts";
import { archiveStore, type WriterResources, writerResources } from "./writer-resources.ts";
import { loadWritersEnv, type WritersEnv } from "./writers-env.ts";

/**
 * The writers as roles of the writers process (writers-main.ts):
 * `--roles timeseries,archive,alerts`. The roles of one process share a Kafka client, a
 * dead-letter producer and a PostgreSQL pool, closed when the last of them stopped.
 */
let running = 0;

async function run<T>(
  env: WritersEnv,
  log: Logger,
  make: (resources: WriterResources) => SinkConsumer<T>,
): Promise<RunningWorker> {
  const resources = await writerResources(env);
  const writer = make(resources);
  try {
    await writer.start();
  } catch (error) {
    if (running === 0) await resources.close();
    throw error;
  }
  running++;
  log.info({ topic: writer.topic, group: writer.groupId }, "writer consuming");
  return {
    health: () => ({ ...writer.health() }),
    async stop() {
      await writer.stop();
      if (--running === 0) await resources.close();
    },
  };
}

export function startTimeseriesRole(log: Logger, env: WritersEnv = loadWritersEnv()): Promise<RunningWorker> {
  return run(env, log, (r) => {
    const retention = env.writers.timeseries.retentionDays;
    if (retention) {
      ensureTelemetryRetention(sqlQueryFromPool(r.pool), retention).then(
        (outcome) => log.info({ outcome }, "telemetry retention"),
        (error) => log.error({ err: error }, "setting the telemetry retention policy failed"),
      );
    }
    return createTimeseriesWriter(env.writers.timeseries, { ...r, log, metrics: sinkMetrics() });
  });
}

export function startArchiveRole(log: Logger, env: WritersEnv = loadWritersEnv()): Promise<RunningWorker> {
  const store = archiveStore(env.writers.archive);
  log.info({ location: store.location }, "archive writer stores Parquet files here");
  return run(env, log, (r) => createArchiveWriter(env.writers.archive, { ...r, log, store, metrics: sinkMetrics() }));
}

export function startAlertsRole(log: Logger, env: WritersEnv = loadWritersEnv()): Promise<RunningWorker> {
  return run(env, log, (r) => createAlertsWriter(env.writers.alerts, { ...r, log, metrics: sinkMetrics() }));
}

registerWorkerRole("timeseries", ({ log }) => startTimeseriesRole(log.child({ role: "timeseries" })));
registerWorkerRole("archive", ({ log }) => startArchiveRole(log.child({ role: "archive" })));
registerWorkerRole("alerts", ({ log }) => startAlertsRole(log.child({ role: "alerts" })));
