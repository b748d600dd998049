import { Counter, Gauge, Histogram, type Registry } from "prom-client";

/**
 * The bridge's Prometheus metrics. Rejections are labelled by reason and protocol, not by device:
 * a device label would make one time series per device. Per-device counts live in Redis instead
 * (rejection-counts.ts), where the console reads them.
 */
export function createIngestMetrics(registry: Registry) {
  const registers = [registry];
  return {
    messagesIn: new Counter({
      name: "fleetwire_ingest_messages_in_total",
      help: "Telemetry messages received, by protocol",
      labelNames: ["protocol"] as const,
      registers,
    }),
    accepted: new Counter({
      name: "fleetwire_ingest_messages_accepted_total",
      help: "Messages written to telemetry.raw, by protocol",
      labelNames: ["protocol"] as const,
      registers,
    }),
    rejected: new Counter({
      name: "fleetwire_ingest_messages_rejected_total",
      help: "Messages quarantined (dead-letter) or refused (rate limit, size, authentication), by reason",
      labelNames: ["protocol", "reason"] as const,
      registers,
    }),
    kafkaWriteSeconds: new Histogram({
      name: "fleetwire_ingest_kafka_write_seconds",
      help: "Time from handing a batch to the producer until Kafka acknowledged it (acks=all)",
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    kafkaBatchSize: new Histogram({
      name: "fleetwire_ingest_kafka_batch_records",
      help: "Records per Kafka send",
      buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000],
      registers,
    }),
    inFlight: new Gauge({
      name: "fleetwire_ingest_in_flight_messages",
      help: "Messages received and not yet acknowledged to their sender",
      labelNames: ["protocol"] as const,
      registers,
    }),
  };
}

export type IngestMetrics = ReturnType<typeof createIngestMetrics>;
