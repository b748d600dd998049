import { Kafka, logLevel } from "kafkajs";
import type { BridgeEnv } from "../env.ts";

/**
 * Idempotent producer with acks=all (set per send): a record is acknowledged to the device only
 * after every in-sync replica has it, and retries cannot duplicate it within a partition. One
 * request in flight per broker keeps kafkajs's idempotent sequencing simple and safe.
 */
export function createProducer(env: BridgeEnv) {
  const kafka = new Kafka({
    clientId: `fleetwire-ingest-bridge-${env.bridge.instance}`,
    brokers: env.kafka.brokers,
    logLevel: logLevel.NOTHING,
  });
  return kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
}
