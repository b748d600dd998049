import { setTimeout as sleep } from "node:timers/promises";
import type { Producer } from "kafkajs";
import type { OutputRecord } from "./process-record.ts";

/** What one partition's chunk asks to commit: its outputs and the input offset after its last record. */
export interface ChunkCommit {
  outputs: readonly OutputRecord[];
  topic: string;
  partition: number;
  /** The next offset to read (last processed + 1), as a decimal string. */
  nextOffset: string;
}

interface Waiting extends ChunkCommit {
  resolve(): void;
  reject(error: unknown): void;
}

/** kafkajs retries this for sends, not for AddOffsetsToTxn (a transaction with no outputs). */
const CONCURRENT_TRANSACTIONS = "CONCURRENT_TRANSACTIONS";
const CONCURRENT_RETRIES = 100;
const CONCURRENT_BACKOFF_MS = 20;

const kafkaErrorType = (error: unknown): string | undefined => {
  const e = error as { type?: string; cause?: { type?: string } };
  return e.type ?? e.cause?.type;
};

function groupByTopic(outputs: readonly OutputRecord[]) {
  const byTopic = new Map<string, Omit<OutputRecord, "topic">[]>();
  for (const o of outputs) {
    const message = { key: o.key, value: o.value, headers: o.headers };
    const list = byTopic.get(o.topic);
    if (list) list.push(message);
    else byTopic.set(o.topic, [message]);
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}

/**
 * Group commit for one transactional producer. Partitions are processed concurrently, but a
 * producer runs one transaction at a time, and a transaction costs five round trips to the
 * broker (add partitions, produce, add offsets, commit offsets, end) whatever it carries. So the
 * chunks that finished while a transaction was running wait and go together in the next one:
 * their outputs and their input offsets, in one transaction (still exactly once: a chunk's
 * offsets commit if and only if its outputs do). Under load transactions grow by themselves;
 * when idle a chunk goes out at once.
 *
 * A failed transaction is aborted and fails every chunk in it and every chunk waiting: their
 * partitions are read again from the committed offsets after the consumer restarts.
 */
export class TransactionGroup {
  private waiting: Waiting[] = [];
  private running = false;

  constructor(
    private readonly producer: Producer,
    private readonly consumerGroupId: string,
    /** Told each committed transaction's duration (seconds, retries included). */
    private readonly onCommitted: (seconds: number) => void = () => {},
  ) {}

  /** Resolves when the chunk's outputs and offsets are committed. */
  commit(chunk: ChunkCommit): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ ...chunk, resolve, reject });
      if (this.running) return;
      this.running = true;
      // Start on the next turn of the event loop: the other partitions of the same fetch are
      // processed in this turn and join the first transaction instead of waiting for the second.
      setImmediate(() => void this.drain());
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.waiting.length > 0) {
        const group = this.waiting;
        this.waiting = [];
        try {
          const started = performance.now();
          await this.transaction(group);
          this.onCommitted((performance.now() - started) / 1000);
          for (const chunk of group) chunk.resolve();
        } catch (error) {
          const failed = [...group, ...this.waiting];
          this.waiting = [];
          for (const chunk of failed) chunk.reject(error);
        }
      }
    } finally {
      this.running = false;
    }
  }

  private async transaction(group: readonly Waiting[]): Promise<void> {
    const outputs = group.flatMap((c) => c.outputs);
    // One partition has at most one chunk in flight (kafkajs hands a partition's batches out one
    // after another); should two ever meet, the later offset is the one to commit.
    const offsets = new Map<string, { topic: string; partition: number; offset: string }>();
    for (const c of group) offsets.set(`${c.topic}\u0000${c.partition}`, { ...c, offset: c.nextOffset });
    const byTopic = new Map<string, { partition: number; offset: string }[]>();
    for (const { topic, partition, offset } of offsets.values()) {
      const list = byTopic.get(topic) ?? [];
      list.push({ partition, offset });
      byTopic.set(topic, list);
    }
    const topics = [...byTopic].map(([topic, partitions]) => ({ topic, partitions }));

    for (let attempt = 0; ; attempt++) {
      const transaction = await this.producer.transaction();
      try {
        if (outputs.length > 0) await transaction.sendBatch({ topicMessages: groupByTopic(outputs), acks: -1 });
        await transaction.sendOffsets({ consumerGroupId: this.consumerGroupId, topics });
        await transaction.commit();
        return;
      } catch (error) {
        await transaction.abort().catch(() => {});
        // The previous transaction's markers are still being written: the broker asks to retry
        // shortly. Nothing of this attempt is visible (aborted), so it is simply run again.
        if (kafkaErrorType(error) === CONCURRENT_TRANSACTIONS && attempt < CONCURRENT_RETRIES) {
          await sleep(CONCURRENT_BACKOFF_MS);
          continue;
        }
        throw error;
      }
    }
  }
}
