import { randomBytes } from "node:crypto";
import type { PlatformConfig } from "@fleetwire/config";
import { migrateDatabase } from "@fleetwire/db";
import type { ManagedProcess } from "@fleetwire/infra";
import { ensureTopics, kafkaHealth, startKafka } from "@fleetwire/infra/kafka";
import { Kafka, logLevel } from "kafkajs";

/**
 * What the writers' integration tests need: the migrated test database and a Kafka broker of the
 * test profile. Under `pnpm test` the broker already runs; a developer running one file gets one
 * started here and stopped afterwards.
 */
export async function ensureWritersTestInfra(config: PlatformConfig): Promise<{ stop(): Promise<void> }> {
  const started: ManagedProcess[] = [];
  await migrateDatabase(config.databaseUrl);
  if (!(await kafkaHealth(config, 1_500)).ok) started.push(await startKafka(config));
  await ensureTopics(config);
  return {
    async stop() {
      for (const proc of started.reverse()) await proc.stop();
    },
  };
}

export function testKafka(config: PlatformConfig): Kafka {
  return new Kafka({ clientId: "writers-test", brokers: config.kafka.brokers, logLevel: logLevel.NOTHING });
}

/** A topic of the test's own, so the test knows every record on it (and no other consumer reads it). */
export async function createTestTopic(kafka: Kafka, prefix: string, partitions = 3): Promise<string> {
  const topic = `${prefix}.t${randomBytes(4).toString("hex")}`;
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: false });
    // A fresh topic's leaders take a moment on KRaft; kafkajs's own wait trips over that.
    await pollUntil(
      () =>
        admin.fetchTopicMetadata({ topics: [topic] }).then(
          (m) => m.topics[0]?.partitions.filter((p) => p.leader >= 0).length ?? 0,
          () => 0,
        ),
      (ready) => ready === partitions,
    );
  } finally {
    await admin.disconnect();
  }
  return topic;
}

export async function deleteTestTopic(kafka: Kafka, topic: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.deleteTopics({ topics: [topic] }).catch(() => {});
  } finally {
    await admin.disconnect();
  }
}

export function uniqueGroup(prefix: string): string {
  return `${prefix}-t${randomBytes(4).toString("hex")}`;
}

/** Polls `read` until `done` holds or the time is up; returns the last value read. */
export async function pollUntil<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
