import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { archiveHourPrefix, archivePartName, pendingFlushKey } from "./archive-layout.ts";
import { type ArchiveRow, writeParquetFile } from "./archive-parquet.ts";
import type { ArchiveStore } from "./archive-store.ts";

/**
 * Archiving without loss or duplicates, one Kafka partition at a time:
 *
 * 1. `writeArchiveFlush` first stores an intent (`_pending/<topic>-<partition>.json`: the offset
 *    range and the part files it is about to write), then writes the part files.
 * 2. The caller commits the Kafka offsets, then calls `completeArchiveFlush`, which drops the intent.
 * 3. After a crash the records after the last commit come again, possibly cut into different
 *    flushes. Before its first flush of a partition, a writer calls `recoverArchivePartition` with
 *    the first offset it now holds: an intent whose range ends before it was committed (only the
 *    intent is left over); one that does not was never committed, so its part files are deleted:
 *    the records they held are in the new flush.
 */
const ZPendingFlush = z.object({ firstOffset: z.string(), lastOffset: z.string(), keys: z.array(z.string()) });

export interface ArchiveFlush {
  topic: string;
  partition: number;
  /** Rows of one Kafka partition, in offset order. */
  rows: readonly ArchiveRow[];
}

export async function writeArchiveFlush(store: ArchiveStore, flush: ArchiveFlush): Promise<{ keys: string[] }> {
  const first = flush.rows[0];
  const last = flush.rows.at(-1);
  if (!first || !last) return { keys: [] };
  const name = archivePartName(flush.partition, first.kafkaOffset, last.kafkaOffset);
  const byHour = new Map<string, ArchiveRow[]>();
  for (const row of flush.rows) {
    const key = `${archiveHourPrefix(row.message.fleetId, row.message.recordedAt)}/${name}`;
    const group = byHour.get(key);
    if (group) group.push(row);
    else byHour.set(key, [row]);
  }
  const keys = [...byHour.keys()];
  await store.putText(
    pendingFlushKey(flush.topic, flush.partition),
    JSON.stringify({ firstOffset: first.kafkaOffset, lastOffset: last.kafkaOffset, keys }),
  );
  const tempDir = await store.tempDir();
  for (const [key, rows] of byHour) {
    const local = path.join(tempDir, `${randomBytes(8).toString("hex")}.parquet`);
    try {
      await writeParquetFile(local, rows);
      await store.putFile(key, local);
    } finally {
      await rm(local, { force: true });
    }
  }
  return { keys };
}

export async function completeArchiveFlush(store: ArchiveStore, topic: string, partition: number): Promise<void> {
  await store.delete(pendingFlushKey(topic, partition));
}

export async function recoverArchivePartition(
  store: ArchiveStore,
  topic: string,
  partition: number,
  firstHeldOffset: string,
): Promise<{ removed: string[] }> {
  const text = await store.getText(pendingFlushKey(topic, partition));
  if (text === null) return { removed: [] };
  const pending = ZPendingFlush.parse(JSON.parse(text));
  const removed: string[] = [];
  if (BigInt(pending.lastOffset) >= BigInt(firstHeldOffset)) {
    for (const key of pending.keys) {
      await store.delete(key);
      removed.push(key);
    }
  }
  await completeArchiveFlush(store, topic, partition);
  return { removed };
}
