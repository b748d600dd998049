import { ensureTelemetryRetention, sqlQueryFromPool } from "@fleetwire/sinks";
import { createAlertsWriter } from "./alerts-writer.ts";
import { createArchiveWriter } from "./archive-writer.ts";
import type { SinkConsumer, SinkHealth } from "./sink-consumer.ts";
import { sinkMetrics } from "./sink-metrics.ts";
import { createTimeseriesWriter } from "./timeseries-writer.ts";
import { archiveStore, writerResources } from "./writer-resources.ts";
import { loadWritersEnv, type WritersEnv } from "./writers-env.ts";

/** A running writer as the pipeline-workers process sees it (workers-main.ts). */
export interface WriterRole {
  health(): SinkHealth;
  stop(): Promise<void>;
}

let running = 0;

async function run<T>(env: WritersEnv, make: (r: Awaited<ReturnType<typeof writerResources>>) => SinkConsumer<T>) {
  const resources = await writerResources(env);
  const writer = make(resources);
  await writer.start();
  running++;
  return {
    health: () => writer.health(),
    async stop() {
      await writer.stop();
      if (--running === 0) await resources.close();
    },
  } satisfies WriterRole;
}

export async function startTimeseriesRole(env: WritersEnv = loadWritersEnv()): Promise<WriterRole> {
  return run(env, (r) => {
    const retention = env.writers.timeseries.retentionDays;
    if (retention) {
      ensureTelemetryRetention(sqlQueryFromPool(r.pool), retention).then(
        (outcome) => r.log.info({ outcome }, "telemetry retention"),
        (error) => r.log.error({ err: error }, "setting the telemetry retention policy failed"),
      );
    }
    return createTimeseriesWriter(env.writers.timeseries, { ...r, metrics: sinkMetrics() });
  });
}

export async function startArchiveRole(env: WritersEnv = loadWritersEnv()): Promise<WriterRole> {
  const store = archiveStore(env.writers.archive);
  return run(env, (r) => {
    r.log.info({ location: store.location }, "archive writer storing Parquet files");
    return createArchiveWriter(env.writers.archive, { ...r, store, metrics: sinkMetrics() });
  });
}

export async function startAlertsRole(env: WritersEnv = loadWritersEnv()): Promise<WriterRole> {
  return run(env, (r) => createAlertsWriter(env.writers.alerts, { ...r, metrics: sinkMetrics() }));
}
