import { Counter, Histogram, type Registry, register } from "prom-client";

/** One set of metrics for every writer, labelled by role; created once per registry. */
function create(registry: Registry) {
  return {
    records: new Counter({
      name: "fleetwire_sink_records_total",
      help: "Kafka records taken by a writer",
      labelNames: ["role"],
      registers: [registry],
    }),
    written: new Counter({
      name: "fleetwire_sink_written_total",
      help: "Rows, archive rows or alert events a writer committed (new rows only for the time-series writer)",
      labelNames: ["role"],
      registers: [registry],
    }),
    deadLetters: new Counter({
      name: "fleetwire_sink_dead_letters_total",
      help: "Records a writer could not use and sent to the dead-letter topic",
      labelNames: ["role", "reason"],
      registers: [registry],
    }),
    flushSeconds: new Histogram({
      name: "fleetwire_sink_flush_seconds",
      help: "Time from taking a batch to committing its Kafka offsets",
      labelNames: ["role"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    failures: new Counter({
      name: "fleetwire_sink_failures_total",
      help: "Failed flushes (the writer restarts its consumer and the records come again)",
      labelNames: ["role"],
      registers: [registry],
    }),
  };
}

export type SinkMetrics = ReturnType<typeof create>;
const byRegistry = new WeakMap<Registry, SinkMetrics>();

export function sinkMetrics(registry: Registry = register): SinkMetrics {
  let metrics = byRegistry.get(registry);
  if (!metrics) {
    metrics = create(registry);
    byRegistry.set(registry, metrics);
  }
  return metrics;
}
