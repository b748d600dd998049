/**
 * Every Kafka topic the platform uses, with its partition count. Created idempotently at start-up
 * (infra/kafka); partition counts bound how many consumers of one group can share the work.
 */
export const KAFKA_TOPICS = {
  telemetryRaw: { name: "telemetry.raw", partitions: 12 },
  telemetryDlq: { name: "telemetry.dlq", partitions: 3 },
  routeTimeseries: { name: "route.timeseries", partitions: 12 },
  routeAlerts: { name: "route.alerts", partitions: 3 },
  routeArchive: { name: "route.archive", partitions: 6 },
  routeStream: { name: "route.stream", partitions: 6 },
  rulesUpdates: { name: "rules.updates", partitions: 1 },
  deviceEvents: { name: "device.events", partitions: 6 },
} as const;

export type KafkaTopicKey = keyof typeof KAFKA_TOPICS;
