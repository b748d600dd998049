import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "@fleetwire/core";
import { decodeHeaders, type SinkRecord, UnusableRecord } from "@fleetwire/sinks";
import type { Consumer, EachBatchPayload, Kafka, Producer } from "kafkajs";
import { sendDeadLetters } from "./dead-letters.ts";
import { type FlushSnapshot, SinkBuffer } from "./sink-buffer.ts";
import type { SinkMetrics } from "./sink-metrics.ts";

export interface SinkConsumerOptions<T> {
  /** The writer's role name (timeseries, archive, alerts): labels logs and metrics. */
  role: string;
  kafka: Kafka;
  /** For the dead-letter topic. */
  producer: Producer;
  topic: string;
  groupId: string;
  /** Flush when the held weight reaches this (rows, records). */
  maxWeight: number;
  /** Flush when the oldest held record is this old. */
  maxWaitMs: number;
  /**
   * Also flush whenever the sink has a free write slot (see `flushesInFlight`): at the end of each
   * fetched batch, and right after a flush when records arrived meanwhile. Batches then grow with the
   * load (what gathers during one write goes in the next) instead of lingering `maxWaitMs` at
   * low load. Off for sinks that want large batches (archive files).
   */
  flushWhenIdle?: boolean;
  /**
   * Writes that may run at once (default 1). With 2, the next batch is written while the previous
   * one is still landing, so a record no longer waits for a whole running write before its own.
   */
  flushesInFlight?: number;
  /** The items of one record and their weight; throws UnusableRecord for the dead-letter topic. */
  decode(record: SinkRecord): { items: T[]; weight: number };
  /**
   * Makes the snapshot durable. When it resolves the offsets are committed (in flush order). Called
   * one at a time unless `flushesInFlight` allows more: then it must be safe to run concurrently.
   */
  write(snapshot: FlushSnapshot<T>): Promise<{ written: number }>;
  /** After the offsets of the snapshot were committed. */
  afterCommit?(snapshot: FlushSnapshot<T>): Promise<void>;
  /** The group was (re)joined: whatever was held is gone and will come again from the committed offsets. */
  onRejoin?(): void;
  log: Logger;
  metrics: SinkMetrics;
}

export interface SinkHealth {
  ok: boolean;
  detail: string;
  assignedPartitions: number[];
  lastCommitAt: string | null;
}

type WriteOutcome = { kind: "written"; written: number } | { kind: "failed"; error: unknown } | { kind: "stale" };

const REBALANCE_ERRORS = new Set(["REBALANCE_IN_PROGRESS", "ILLEGAL_GENERATION", "UNKNOWN_MEMBER_ID"]);

/** The broker's error code, also when kafkajs's retrier wrapped it as non-retriable (in `cause`). */
const kafkaErrorType = (error: unknown): string | undefined => {
  const e = error as { type?: string; cause?: { type?: string } };
  return e.type ?? e.cause?.type;
};

/**
 * A Kafka consumer group member that lands records in a sink in batches and commits offsets only
 * after the sink confirmed (autoCommit off). Records are taken with eachBatch and held in one
 * buffer across partitions; a flush happens at `maxWeight` (inside eachBatch, so intake waits for
 * it: bounded memory) or after `maxWaitMs` (a timer). Up to `flushesInFlight` writes run at once;
 * offsets are committed in flush order.
 *
 * A failed flush drops what was held and restarts the consumer, which rejoins the group and reads
 * again from the committed offsets: records are delivered at least once, and the sinks are
 * idempotent, so they land exactly once. A rebalance likewise drops what was held: Kafka hands the
 * partitions out again from their committed offsets.
 */
export class SinkConsumer<T> {
  private consumer: Consumer | null = null;
  private buffer = new SinkBuffer<T>();
  private generation = 0;
  /** The newest flush: resolves when it and every earlier one are committed. */
  private lastFlush: Promise<void> = Promise.resolve();
  /** Flushes not yet committed, oldest first (they complete in this order). */
  private inFlight: Promise<void>[] = [];
  private idleFlushQueued = false;
  private timer: NodeJS.Timeout | null = null;
  private stopping = false;
  private restarting = false;
  private connected = false;
  private inBatch = 0;
  private assigned: number[] = [];
  private lastError: string | null = null;
  private lastCommitAt: Date | null = null;

  constructor(private readonly o: SinkConsumerOptions<T>) {}

  get topic(): string {
    return this.o.topic;
  }

  get groupId(): string {
    return this.o.groupId;
  }

  async start(): Promise<void> {
    const consumer = this.o.kafka.consumer({
      groupId: this.o.groupId,
      allowAutoTopicCreation: false,
      sessionTimeout: 30_000,
      heartbeatInterval: 3_000,
      maxWaitTimeInMs: Math.min(this.o.maxWaitMs, 500),
    });
    this.consumer = consumer;
    consumer.on(consumer.events.CONNECT, () => {
      this.connected = true;
    });
    consumer.on(consumer.events.DISCONNECT, () => {
      this.connected = false;
    });
    consumer.on(consumer.events.CRASH, (event) => {
      this.lastError = event.payload.error.message;
      this.o.log.warn(
        { role: this.o.role, error: event.payload.error.message },
        "consumer crashed; kafkajs restarts it",
      );
    });
    consumer.on(consumer.events.GROUP_JOIN, (event) => {
      // A consumer replaced by a restart may still report a late join: it holds nothing here.
      if (this.consumer !== consumer) return;
      // kafkajs reads the committed offsets again after every join: drop what is held.
      this.generation++;
      this.buffer.clear();
      this.clearTimer();
      this.assigned = (event.payload.memberAssignment[this.o.topic] ?? []).slice().sort((a, b) => a - b);
      this.o.onRejoin?.();
      this.o.log.info({ role: this.o.role, partitions: this.assigned }, "partitions assigned");
    });
    await consumer.connect();
    // A new group reads the topic from its start: a sink deployed later still gets everything retained.
    await consumer.subscribe({ topics: [this.o.topic], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 4,
      eachBatch: (payload) => this.eachBatch(payload),
    });
  }

  private async eachBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    this.inBatch++;
    const generation = this.generation;
    // kafkajs's fetch position moves (resolveOffset) to the last record taken before anything is
    // awaited and when the batch ends, not per record: each call parses the offset into a Long.
    // The committed offset moves only after the sink confirmed. Likewise the counter, per batch.
    let taken = 0;
    let unresolved: string | null = null;
    const resolveTaken = () => {
      if (unresolved !== null) resolveOffset(unresolved);
      unresolved = null;
    };
    try {
      for (const message of batch.messages) {
        if (this.stopping || this.restarting || !isRunning() || isStale() || generation !== this.generation) return;
        const record: SinkRecord = {
          partition: batch.partition,
          offset: message.offset,
          key: message.key,
          value: message.value,
          headers: decodeHeaders(message.headers),
        };
        try {
          const { items, weight } = this.o.decode(record);
          this.buffer.add(batch.partition, message.offset, items, weight);
        } catch (error) {
          if (!(error instanceof UnusableRecord)) throw error;
          this.buffer.add(batch.partition, message.offset, [], 1, {
            record,
            reason: error.reason,
            detail: error.message,
          });
        }
        taken++;
        unresolved = message.offset;
        if (this.buffer.weight >= this.o.maxWeight) {
          resolveTaken();
          await this.flush();
          await heartbeat();
        } else {
          this.armTimer();
        }
      }
      resolveTaken();
      // Not awaited: the next fetch overlaps the write. Memory stays bounded by the maxWeight flush above.
      this.flushIfIdle();
      await heartbeat();
    } finally {
      resolveTaken();
      if (taken > 0) this.o.metrics.records.inc({ role: this.o.role }, taken);
      this.inBatch--;
    }
  }

  private flushIfIdle(): void {
    if (!this.o.flushWhenIdle || this.flushSlotsTaken() || this.buffer.empty || this.idleFlushQueued) return;
    // On the next turn of the event loop: the other partitions of the same fetch are taken in
    // this turn and go in the same write instead of waiting for the next one.
    this.idleFlushQueued = true;
    setImmediate(() => {
      this.idleFlushQueued = false;
      if (this.flushSlotsTaken() || this.buffer.empty || this.stopping || this.restarting) return;
      void this.flush();
    });
  }

  private get maxInFlight(): number {
    return this.o.flushesInFlight ?? 1;
  }

  private flushSlotsTaken(): boolean {
    return this.inFlight.length >= this.maxInFlight;
  }

  private armTimer(): void {
    if (this.timer || this.buffer.empty) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, this.o.maxWaitMs);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /**
   * Takes everything held now and lands it; resolves when this flush (and every earlier one) is
   * committed. Up to `flushesInFlight` writes run at once, but offsets are committed strictly in
   * flush order, each only after its own write and every earlier commit: a crash can only leave
   * written-but-uncommitted records, which come again and land idempotently.
   */
  flush(): Promise<void> {
    this.clearTimer();
    if (this.buffer.empty) return this.lastFlush;
    const snapshot = this.buffer.take(this.generation);
    const started = process.hrtime.bigint();
    // The flush `maxInFlight` places earlier frees the slot this write waits for.
    const slot = this.flushSlotsTaken() ? this.inFlight[this.inFlight.length - this.maxInFlight] : undefined;
    const written = slot ? slot.then(() => this.write(snapshot)) : this.write(snapshot);
    const done = Promise.all([this.lastFlush, written])
      .then(([, outcome]) => this.commit(snapshot, outcome, started))
      .finally(() => {
        this.inFlight.shift();
        this.flushIfIdle();
      });
    this.lastFlush = done;
    this.inFlight.push(done);
    return done;
  }

  private async write(snapshot: FlushSnapshot<T>): Promise<WriteOutcome> {
    if (snapshot.generation !== this.generation || this.restarting) return { kind: "stale" };
    try {
      const { written } = await this.o.write(snapshot);
      await sendDeadLetters(this.o.producer, `${this.o.role}-writer`, this.o.topic, snapshot.deadLetters);
      return { kind: "written", written };
    } catch (error) {
      return { kind: "failed", error };
    }
  }

  private async commit(snapshot: FlushSnapshot<T>, outcome: WriteOutcome, started: bigint): Promise<void> {
    if (outcome.kind === "stale") return;
    if (outcome.kind === "failed") return this.failed(outcome.error);
    for (const letter of snapshot.deadLetters) {
      this.o.metrics.deadLetters.inc({ role: this.o.role, reason: letter.reason });
      this.o.log.warn(
        {
          role: this.o.role,
          partition: letter.record.partition,
          offset: letter.record.offset,
          reason: letter.reason,
        },
        `record sent to the dead-letter topic: ${letter.detail}`,
      );
    }
    // A rebalance or a failed earlier flush since the snapshot was taken: the records come again.
    if (snapshot.generation !== this.generation || this.restarting) return;
    try {
      await this.consumer?.commitOffsets(
        snapshot.slices.map((s) => ({
          topic: this.o.topic,
          partition: s.partition,
          offset: (BigInt(s.lastOffset) + 1n).toString(),
        })),
      );
      this.lastCommitAt = new Date();
      this.lastError = null;
      this.o.metrics.written.inc({ role: this.o.role }, outcome.written);
      this.o.metrics.flushSeconds.observe({ role: this.o.role }, Number(process.hrtime.bigint() - started) / 1e9);
      await this.o.afterCommit?.(snapshot);
    } catch (error) {
      this.failed(error);
    }
  }

  private failed(error: unknown): void {
    this.o.metrics.failures.inc({ role: this.o.role });
    this.lastError = (error as Error).message;
    if (REBALANCE_ERRORS.has(kafkaErrorType(error) ?? "")) {
      // The write itself landed; only its offsets were refused. Later commits still cover it.
      this.o.log.info({ role: this.o.role }, "offsets not committed (group rebalancing); the records come again");
      return;
    }
    this.o.log.error({ role: this.o.role, err: error }, "flush failed; restarting the consumer");
    this.scheduleRestart();
  }

  /** Drops what is held and rejoins, so the records after the last commit are read again. */
  private scheduleRestart(): void {
    if (this.restarting || this.stopping) return;
    this.restarting = true;
    // Flushes already taken must not commit: their offsets would pass over the failed one's records.
    this.generation++;
    this.buffer.clear();
    this.clearTimer();
    setImmediate(async () => {
      let delay = 1_000;
      while (!this.stopping) {
        try {
          // stop() first: it waits for the running batch and leaves the group, so the old member
          // cannot linger holding partitions next to the new one.
          await this.consumer?.stop();
          await this.consumer?.disconnect();
          await sleep(delay);
          if (this.stopping) return;
          this.restarting = false;
          await this.start();
          return;
        } catch (error) {
          this.restarting = true;
          this.o.log.error({ role: this.o.role, err: error }, "restarting the consumer failed; trying again");
          delay = Math.min(delay * 2, 30_000);
        }
      }
    });
  }

  health(): SinkHealth {
    const ok = this.connected && !this.restarting && !this.stopping;
    return {
      ok,
      detail: ok
        ? `consuming ${this.o.topic} as ${this.o.groupId}`
        : (this.lastError ?? (this.stopping ? "stopping" : "not connected")),
      assignedPartitions: this.assigned,
      lastCommitAt: this.lastCommitAt?.toISOString() ?? null,
    };
  }

  /** Stops intake, lands and commits what is held, then leaves the group. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    const consumer = this.consumer;
    if (!consumer) return;
    consumer.pause([{ topic: this.o.topic }]);
    while (this.inBatch > 0) await sleep(10);
    await this.flush();
    await consumer.disconnect();
  }
}
