import { loadPlatformConfig } from "@fleetwire/config";
import { createLogger } from "@fleetwire/core";
import type { Kafka, Producer } from "kafkajs";
import { Registry } from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FlushSnapshot } from "./sink-buffer.ts";
import { SinkConsumer } from "./sink-consumer.ts";
import { sinkMetrics } from "./sink-metrics.ts";
import {
  createTestTopic,
  deleteTestTopic,
  ensureWritersTestInfra,
  pollUntil,
  testKafka,
  uniqueGroup,
} from "./testing/writers-test-infra.ts";

const config = loadPlatformConfig();
const log = createLogger("sink-consumer-test");
log.level = "fatal";

/** Offsets (numbers) of one snapshot, in order. */
const offsetsOf = (snapshot: FlushSnapshot<number>) => snapshot.slices.flatMap((s) => s.items);

/**
 * Two writes in flight (the time-series writer's setting) against a real Kafka: the second batch
 * may land while the first is still being written, but its offsets are committed only after the
 * first batch's, so a crash can never leave a committed offset past records that were not written.
 */
describe("sink consumer with two writes in flight (real Kafka)", () => {
  let infra: Awaited<ReturnType<typeof ensureWritersTestInfra>>;
  let kafka: Kafka;
  let producer: Producer;
  const topics: string[] = [];

  beforeAll(async () => {
    infra = await ensureWritersTestInfra(config);
    kafka = testKafka(config);
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
  });

  afterAll(async () => {
    for (const topic of topics) await deleteTestTopic(kafka, topic);
    await producer?.disconnect();
    await infra?.stop();
  });

  const committedOffset = async (topic: string, groupId: string) => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const [entry] = await admin.fetchOffsets({ groupId, topics: [topic] });
      return Number(entry?.partitions[0]?.offset ?? -1);
    } finally {
      await admin.disconnect();
    }
  };

  /**
   * A consumer of a one-partition topic whose sink holds the first batch until `releaseFirst`, and
   * then lands it (or, with `failFirst`, fails it once). It records what was written and, at each
   * commit, which offsets had been written by then.
   */
  async function setUp(options: { failFirst: boolean }) {
    const topic = await createTestTopic(kafka, "sink-consumer", 1);
    topics.push(topic);
    const groupId = uniqueGroup("sink-consumer");
    const written = new Set<number>();
    const writes: number[][] = [];
    const commits: { offsets: number[]; writtenThen: Set<number> }[] = [];
    let release: () => void = () => {};
    const firstHeld = new Promise<void>((resolve) => {
      release = resolve;
    });
    let calls = 0;
    const consumer = new SinkConsumer<number>({
      role: "test",
      kafka,
      producer,
      topic,
      groupId,
      maxWeight: 1_000,
      maxWaitMs: 50,
      flushWhenIdle: true,
      flushesInFlight: 2,
      decode: (record) => ({ items: [Number(record.offset)], weight: 1 }),
      async write(snapshot) {
        const offsets = offsetsOf(snapshot);
        const call = ++calls;
        if (call === 1) {
          await firstHeld;
          if (options.failFirst) throw new Error("the sink refused the batch");
        }
        for (const offset of offsets) written.add(offset);
        writes.push(offsets);
        return { written: offsets.length };
      },
      async afterCommit(snapshot) {
        commits.push({ offsets: offsetsOf(snapshot), writtenThen: new Set(written) });
      },
      log,
      metrics: sinkMetrics(new Registry()),
    });
    await consumer.start();
    const send = (from: number, count: number) =>
      producer.send({
        topic,
        acks: -1,
        messages: Array.from({ length: count }, (_, i) => ({ key: "device-1", value: `{"n":${from + i}}` })),
      });
    /**
     * Sends records 0-4 (the first batch, which the sink holds), then 5-9; resolves once the sink
     * has finished a write (the second batch, the first being held) and says how many it finished.
     */
    const holdFirstBatchAndWriteSecond = async () => {
      await send(0, 5);
      await pollUntil(
        async () => consumer.health().assignedPartitions.length,
        (n) => n > 0,
      );
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      await send(5, 5);
      return pollUntil(
        async () => writes.length,
        (n) => n >= 1,
      );
    };
    return {
      topic,
      groupId,
      consumer,
      written,
      writes,
      commits,
      holdFirstBatchAndWriteSecond,
      releaseFirst: () => release(),
    };
  }

  /** Every commit came after all the offsets it covers, and all before them, were written. */
  const expectEveryCommitAfterItsWrites = (commits: { offsets: number[]; writtenThen: Set<number> }[]) => {
    for (const commit of commits) {
      const upTo = Math.max(...commit.offsets);
      for (let offset = 0; offset <= upTo; offset++) expect(commit.writtenThen.has(offset)).toBe(true);
    }
  };

  it("lands a second batch while the first is still being written, and commits in order", async () => {
    const t = await setUp({ failFirst: false });
    try {
      // The second batch was written while the first was held...
      expect(await t.holdFirstBatchAndWriteSecond()).toBe(1);
      expect(t.writes[0]).toEqual([5, 6, 7, 8, 9]);
      // ...but nothing was committed: offset 5 would pass over the held records 0-4.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await committedOffset(t.topic, t.groupId)).toBe(-1);
      expect(t.commits).toEqual([]);

      t.releaseFirst();
      const committed = await pollUntil(
        () => committedOffset(t.topic, t.groupId),
        (offset) => offset === 10,
      );
      expect(committed).toBe(10);
      expect(t.commits.map((c) => c.offsets)).toEqual([
        [0, 1, 2, 3, 4],
        [5, 6, 7, 8, 9],
      ]);
      expectEveryCommitAfterItsWrites(t.commits);
    } finally {
      await t.consumer.stop();
    }
  });

  it("does not commit a later batch when an earlier one fails; the records come again and land", async () => {
    const t = await setUp({ failFirst: true });
    try {
      await t.holdFirstBatchAndWriteSecond();
      t.releaseFirst();
      // The consumer restarts from the last commit (none): 0-4 come again and land.
      const committed = await pollUntil(
        () => committedOffset(t.topic, t.groupId),
        (offset) => offset === 10,
        60_000,
      );
      expect(committed).toBe(10);
      expect([...t.written].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expectEveryCommitAfterItsWrites(t.commits);
    } finally {
      await t.consumer.stop();
    }
  }, 90_000);
});
