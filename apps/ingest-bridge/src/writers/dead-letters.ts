import { KAFKA_TOPICS } from "@fleetwire/config";
import type { Producer } from "kafkajs";
import type { DeadLetter } from "./sink-buffer.ts";

/**
 * Sends records a writer cannot use to telemetry.dlq, acknowledged by all in-sync replicas, before
 * their offsets are committed: nothing is dropped silently. The value is the original record's;
 * the headers say why and where it came from (reason, detail, stage, source-topic,
 * source-partition, source-offset) next to the original headers.
 */
export async function sendDeadLetters(
  producer: Producer,
  stage: string,
  sourceTopic: string,
  letters: readonly DeadLetter[],
): Promise<void> {
  if (letters.length === 0) return;
  await producer.send({
    topic: KAFKA_TOPICS.telemetryDlq.name,
    acks: -1,
    messages: letters.map(({ record, reason, detail }) => ({
      key: record.key,
      value: record.value,
      headers: {
        ...record.headers,
        reason,
        detail: detail.slice(0, 500),
        stage,
        "source-topic": sourceTopic,
        "source-partition": String(record.partition),
        "source-offset": record.offset,
      },
    })),
  });
}
