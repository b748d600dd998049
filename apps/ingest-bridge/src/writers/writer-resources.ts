import { LocalArchiveStore, S3ArchiveStore } from "@fleetwire/sinks";
import { Kafka, logLevel, type Producer } from "kafkajs";
import pg from "pg";
import type { WritersEnv } from "./writers-env.ts";

/**
 * What the writers of one process share: one Kafka client and dead-letter producer, one
 * PostgreSQL pool (the bulk inserts use node-postgres itself, not Prisma). Made on first use, closed once,
 * after every writer stopped.
 */
export interface WriterResources {
  kafka: Kafka;
  producer: Producer;
  pool: pg.Pool;
  close(): Promise<void>;
}

let shared: Promise<WriterResources> | null = null;

export function writerResources(env: WritersEnv): Promise<WriterResources> {
  shared ??= (async () => {
    const kafka = new Kafka({ clientId: "fleetwire-writers", brokers: env.kafka.brokers, logLevel: logLevel.NOTHING });
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    await producer.connect();
    const pool = new pg.Pool({ connectionString: env.databaseUrl, max: 6 });
    // An idle connection the server dropped: the pool replaces it; without a listener it would crash the process.
    pool.on("error", () => {});
    return {
      kafka,
      producer,
      pool,
      async close() {
        await Promise.allSettled([producer.disconnect(), pool.end()]);
        shared = null;
      },
    };
  })();
  return shared;
}

export function archiveStore(settings: WritersEnv["writers"]["archive"]) {
  return settings.s3 ? new S3ArchiveStore(settings.s3) : new LocalArchiveStore(settings.dir);
}
