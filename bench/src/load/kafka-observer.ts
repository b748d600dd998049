import { randomBytes } from "node:crypto";
import type { PlatformConfig } from "@fleetwire/config";
import { Kafka, logLevel } from "kafkajs";
import { LatencyRecorder } from "../stats/latency-summary.ts";

/**
 * Watches a topic with a fresh consumer group from its end and, for records whose message id
 * starts with the current prefix, measures "now - the envelope's timestamp" (the device's publish
 * time, epoch ms): publish -> record visible to a Kafka consumer.
 */
export async function observeTopic(config: PlatformConfig, topic: string) {
  const kafka = new Kafka({
    clientId: "fleetwire-bench-observer",
    brokers: config.kafka.brokers,
    logLevel: logLevel.NOTHING,
  });
  const consumer = kafka.consumer({
    groupId: `fleetwire-bench-${randomBytes(4).toString("hex")}`,
    maxWaitTimeInMs: 100,
    sessionTimeout: 30_000,
  });
  let prefix = "\u0000";
  let recorder = new LatencyRecorder(200_000);
  let produced = new LatencyRecorder(200_000);
  let received = new LatencyRecorder(200_000);
  let matched = 0;
  let records = 0;
  let crashes = 0;
  consumer.on(consumer.events.CRASH, () => {
    crashes += 1;
  });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: false });
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  await consumer.run({
    autoCommit: false,
    eachBatch: async ({ batch }) => {
      const now = Date.now();
      for (const message of batch.messages) {
        records += 1;
        if (!message.value) continue;
        const value = JSON.parse(message.value.toString()) as {
          message_id?: string;
          timestamp?: string;
          received_at?: string;
        };
        if (!value.message_id?.startsWith(prefix)) continue;
        matched += 1;
        const publishedAt = Date.parse(value.timestamp ?? "");
        recorder.record(now - publishedAt);
        // The record's CreateTime: when the bridge's producer built the batch (a moment before acks=all).
        produced.record(Number(message.timestamp) - publishedAt);
        // received_at: when the bridge took the message from the broker, before validating it.
        if (value.received_at) received.record(Date.parse(value.received_at) - publishedAt);
      }
    },
  });
  await joined;
  // The group's start offsets are resolved at the first fetch; give it a moment after the join.
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  return {
    /** Starts a new measurement for message ids beginning with `next`. */
    reset(next: string) {
      prefix = next;
      recorder = new LatencyRecorder(200_000);
      produced = new LatencyRecorder(200_000);
      received = new LatencyRecorder(200_000);
      matched = 0;
    },
    get matched() {
      return matched;
    },
    /** Every record read (any prefix) and consumer crashes: a stalled observer shows here. */
    diagnostics: () => ({ records, crashes }),
    /** publish -> read back by this consumer (includes the consumer's own lag on a busy machine). */
    summary: () => recorder.summary(),
    /** publish -> the record's CreateTime (independent of this consumer's lag). */
    producedSummary: () => produced.summary(),
    /** publish -> the bridge's received_at: the device, the broker and the bridge's MQTT client, before validation and Kafka. */
    receivedSummary: () => received.summary(),
    stop: () => consumer.disconnect(),
  };
}

export type TopicObserver = Awaited<ReturnType<typeof observeTopic>>;
