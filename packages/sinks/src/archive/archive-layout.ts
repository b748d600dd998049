/**
 * Where an archived message lives: `fleet=<fleet id>/date=YYYY-MM-DD/hour=HH/` by the hour (UTC)
 * the reading was taken, Hive-style so Spark, DuckDB, Athena and pyarrow discover the partitions.
 * Each flush of the writer adds one part file per Kafka partition to each hour it touched:
 * `part-<kafka partition>-<first offset>-<last offset>.parquet` (offsets of the flush, zero-padded
 * so the names sort by offset).
 */
export function archiveHourPrefix(fleetId: string, recordedAt: Date): string {
  const iso = recordedAt.toISOString();
  return `fleet=${encodeURIComponent(fleetId)}/date=${iso.slice(0, 10)}/hour=${iso.slice(11, 13)}`;
}

const pad = (offset: string) => offset.padStart(20, "0");

export function archivePartName(kafkaPartition: number, firstOffset: string, lastOffset: string): string {
  return `part-${String(kafkaPartition).padStart(3, "0")}-${pad(firstOffset)}-${pad(lastOffset)}.parquet`;
}

/** The intent record of a flush in progress (see write-archive-flush.ts). */
export function pendingFlushKey(topic: string, kafkaPartition: number): string {
  return `_pending/${topic}-${kafkaPartition}.json`;
}
