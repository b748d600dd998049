import type { IngestMetrics, KafkaRecord } from "@fleetwire/ingest";
import type { RecordProducer } from "./create-producer.ts";

interface Pending {
  records: KafkaRecord[];
  resolve: () => void;
  reject: (error: Error) => void;
}

/**
 * Collects records from every ingest path for up to `lingerMs` (or `maxBatch` records) and sends
 * them in one acks=all request; each caller's promise settles when the batch holding its records
 * is acknowledged. One batch is in flight at a time: while it is, the next one fills up, so under
 * load batches grow on their own and the linger only matters when traffic is light.
 */
export class BatchingWriter {
  private queue: Pending[] = [];
  private queued = 0;
  private sending: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly producer: Pick<RecordProducer, "send">,
    private readonly metrics: IngestMetrics,
    private readonly options: { maxBatch: number; lingerMs: number },
  ) {}

  write(records: KafkaRecord[]): Promise<void> {
    if (records.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ records, resolve, reject });
      this.queued += records.length;
      this.schedule();
    });
  }

  /** Resolves once everything written so far has been acknowledged (or has failed). */
  async flush(): Promise<void> {
    while (this.queue.length > 0 || this.sending) {
      if (this.timer) {
        clearTimeout(this.timer);
        this.timer = null;
      }
      if (!this.sending) this.sendNext();
      await this.sending?.catch(() => {});
    }
  }

  private schedule() {
    if (this.sending) return; // the batch after the current one goes out when it returns
    if (this.queued >= this.options.maxBatch || this.options.lingerMs === 0) {
      this.sendNext();
    } else if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.sendNext();
      }, this.options.lingerMs);
    }
  }

  private sendNext() {
    if (this.sending || this.queue.length === 0) return;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const batch: Pending[] = [];
    let size = 0;
    while (
      this.queue.length > 0 &&
      (size === 0 || size + (this.queue[0]?.records.length ?? 0) <= this.options.maxBatch)
    ) {
      const next = this.queue.shift() as Pending;
      batch.push(next);
      size += next.records.length;
    }
    this.queued -= size;
    this.sending = this.send(batch, size).finally(() => {
      this.sending = null;
      if (this.queue.length > 0) this.schedule();
    });
  }

  private async send(batch: Pending[], size: number) {
    const records: KafkaRecord[] = [];
    for (const pending of batch) for (const record of pending.records) records.push(record);
    const stopTimer = this.metrics.kafkaWriteSeconds.startTimer();
    this.metrics.kafkaBatchSize.observe(size);
    try {
      await this.producer.send(records);
      stopTimer();
      for (const pending of batch) pending.resolve();
    } catch (error) {
      for (const pending of batch) pending.reject(error as Error);
    }
  }
}
