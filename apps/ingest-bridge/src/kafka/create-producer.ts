import { Kafka, logLevel } from "kafkajs";
import type { BridgeEnv } from "../env.ts";

/**
 * Idempotent producer with acks=all (set per send): a record is acknowledged to the device only
 * after every in-sync replica has it, and retries cannot duplicate it within a partition.
 */
export function createProducer(env: BridgeEnv) {
  const kafka = new Kafka({
    clientId: "fleetwire-ingest-bridge",
    brokers: env.kafka.brokers,
    logLevel: logLevel.NOTHING,
  });
  return kafka.producer({ idempotent: true, maxInFlightRequests: 5, allowAutoTopicCreation: false });
}
