import type { PlatformConfig } from "@fleetwire/config";
import { Kafka, logLevel } from "kafkajs";

/**
 * The sum of a topic's end offsets: how many records have been written to it. On the bench's own
 * Kafka only the bench writes telemetry.raw, and the bridge's producer is not transactional (no
 * control records), so the growth of this sum is exactly the records Kafka acknowledged.
 */
export async function topicEndOffsets(config: PlatformConfig, topic: string) {
  const admin = new Kafka({
    clientId: "fleetwire-bench-offsets",
    brokers: config.kafka.brokers,
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  return {
    async total(): Promise<number> {
      const offsets = await admin.fetchTopicOffsets(topic);
      return offsets.reduce((n, p) => n + Number(p.high), 0);
    },
    close: () => admin.disconnect(),
  };
}
