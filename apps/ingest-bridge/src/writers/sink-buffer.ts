import type { SinkRecord } from "@fleetwire/sinks";

/** What one Kafka partition contributed to a flush. */
export interface PartitionSlice<T> {
  partition: number;
  /** Offsets of the first and last record taken (decimal strings), including records that gave no items. */
  firstOffset: string;
  lastOffset: string;
  items: T[];
}

export interface DeadLetter {
  record: SinkRecord;
  reason: string;
  detail: string;
}

export interface FlushSnapshot<T> {
  generation: number;
  slices: PartitionSlice<T>[];
  deadLetters: DeadLetter[];
  weight: number;
}

/**
 * The records taken from Kafka but not yet written, grouped by partition in offset order. Weight
 * is what the batch size limit counts (rows for the time-series writer, records elsewhere).
 */
export class SinkBuffer<T> {
  private slices = new Map<number, PartitionSlice<T>>();
  private deadLetters: DeadLetter[] = [];
  weight = 0;
  /** When the oldest record still held arrived (ms), or null when nothing is held. */
  oldestAt: number | null = null;

  add(partition: number, offset: string, items: T[], weight: number, deadLetter?: DeadLetter): void {
    let slice = this.slices.get(partition);
    if (!slice) {
      slice = { partition, firstOffset: offset, lastOffset: offset, items: [] };
      this.slices.set(partition, slice);
    }
    slice.lastOffset = offset;
    for (const item of items) slice.items.push(item);
    if (deadLetter) this.deadLetters.push(deadLetter);
    this.weight += weight;
    this.oldestAt ??= Date.now();
  }

  get empty(): boolean {
    return this.slices.size === 0;
  }

  take(generation: number): FlushSnapshot<T> {
    const snapshot = {
      generation,
      slices: [...this.slices.values()],
      deadLetters: this.deadLetters,
      weight: this.weight,
    };
    this.clear();
    return snapshot;
  }

  clear(): void {
    this.slices = new Map();
    this.deadLetters = [];
    this.weight = 0;
    this.oldestAt = null;
  }
}
