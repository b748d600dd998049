import { KAFKA_TOPICS, type PlatformConfig } from "@fleetwire/config";
import { type Admin, Kafka, logLevel } from "kafkajs";

async function withAdmin<T>(config: PlatformConfig, timeoutMs: number, work: (admin: Admin) => Promise<T>): Promise<T> {
  const kafka = new Kafka({
    clientId: "fleetwire-infra",
    brokers: config.kafka.brokers,
    connectionTimeout: Math.min(timeoutMs, 3_000),
    requestTimeout: timeoutMs,
    retry: { retries: timeoutMs < 5_000 ? 0 : 3 },
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    return await work(admin);
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

export interface KafkaHealth {
  ok: boolean;
  detail: string;
}

/** A metadata round trip: answers within about `timeoutMs`, whether the broker is up or not. */
export async function kafkaHealth(config: PlatformConfig, timeoutMs = 2_000): Promise<KafkaHealth> {
  const probe = withAdmin(config, timeoutMs, async (admin) => {
    const cluster = await admin.describeCluster();
    const brokers = cluster.brokers.map((b) => `${b.host}:${b.port}`).join(", ");
    return { ok: true, detail: `cluster ${cluster.clusterId}, brokers ${brokers}` };
  });
  const timeout = new Promise<KafkaHealth>((resolve) => {
    const timer = setTimeout(
      () => resolve({ ok: false, detail: `no answer from ${config.kafka.brokers.join(",")} in ${timeoutMs} ms` }),
      timeoutMs + 500,
    );
    timer.unref();
  });
  return Promise.race([
    probe.catch((error: Error) => ({ ok: false, detail: `${config.kafka.brokers.join(",")}: ${error.message}` })),
    timeout,
  ]);
}

export interface EnsureTopicsResult {
  created: string[];
  /** Topics whose partition count was raised to the declared one. */
  grown: string[];
  /** Topics that already have more partitions than declared (partitions can never shrink). */
  larger: string[];
}

/**
 * Creates every platform topic that is missing, with its declared partition count, and raises the
 * count of any that has fewer. Safe to run on every start and against a real cluster: the
 * replication factor is left to the cluster's default.
 */
export async function ensureTopics(config: PlatformConfig): Promise<EnsureTopicsResult> {
  const wanted = Object.values(KAFKA_TOPICS);
  return withAdmin(config, 15_000, async (admin) => {
    const existing = new Set(await admin.listTopics());
    const missing = wanted.filter((t) => !existing.has(t.name));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((t) => ({ topic: t.name, numPartitions: t.partitions })),
      });
    }
    const present = wanted.filter((t) => existing.has(t.name));
    const result: EnsureTopicsResult = { created: missing.map((t) => t.name), grown: [], larger: [] };
    if (present.length === 0) return result;
    const metadata = await admin.fetchTopicMetadata({ topics: present.map((t) => t.name) });
    const counts = new Map(metadata.topics.map((t) => [t.name, t.partitions.length]));
    const short = present.filter((t) => (counts.get(t.name) ?? 0) < t.partitions);
    if (short.length > 0) {
      await admin.createPartitions({
        validateOnly: false,
        topicPartitions: short.map((t) => ({ topic: t.name, count: t.partitions })),
      });
    }
    result.grown = short.map((t) => t.name);
    result.larger = present.filter((t) => (counts.get(t.name) ?? 0) > t.partitions).map((t) => t.name);
    return result;
  });
}
