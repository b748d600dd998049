import type { Logger } from "@fleetwire/core";
import {
  type ArchiveRow,
  type ArchiveStore,
  completeArchiveFlush,
  parseRoutedTelemetry,
  recoverArchivePartition,
  writeArchiveFlush,
} from "@fleetwire/sinks";
import type { Kafka, Producer } from "kafkajs";
import { SinkConsumer } from "./sink-consumer.ts";
import type { SinkMetrics } from "./sink-metrics.ts";
import type { WritersEnv } from "./writers-env.ts";

/**
 * route.archive -> Parquet part files under fleet=/date=/hour=, in a local folder or S3. A flush
 * writes one part file per Kafka partition and hour; offsets are committed once the files are
 * durable. See packages/sinks/src/archive/write-archive-flush.ts for why redelivery after a crash
 * neither loses nor duplicates a record.
 */
export function createArchiveWriter(
  settings: WritersEnv["writers"]["archive"],
  deps: { kafka: Kafka; producer: Producer; store: ArchiveStore; log: Logger; metrics: SinkMetrics },
) {
  /** Partitions whose leftover intent was checked since the last (re)join. */
  let recovered = new Set<number>();
  return new SinkConsumer<ArchiveRow>({
    role: "archive",
    kafka: deps.kafka,
    producer: deps.producer,
    topic: settings.topic,
    groupId: settings.groupId,
    maxWeight: settings.maxRecords,
    maxWaitMs: settings.maxWaitMs,
    decode(record) {
      const message = parseRoutedTelemetry(record);
      return { items: [{ message, kafkaPartition: record.partition, kafkaOffset: record.offset }], weight: 1 };
    },
    onRejoin() {
      recovered = new Set();
    },
    async write(snapshot) {
      let written = 0;
      for (const slice of snapshot.slices) {
        if (!recovered.has(slice.partition)) {
          const { removed } = await recoverArchivePartition(
            deps.store,
            settings.topic,
            slice.partition,
            slice.firstOffset,
          );
          if (removed.length) deps.log.info({ partition: slice.partition, removed }, "removed uncommitted part files");
          recovered.add(slice.partition);
        }
        const { keys } = await writeArchiveFlush(deps.store, {
          topic: settings.topic,
          partition: slice.partition,
          rows: slice.items,
        });
        written += slice.items.length;
        deps.log.debug({ partition: slice.partition, keys }, "archive part files written");
      }
      return { written };
    },
    async afterCommit(snapshot) {
      for (const slice of snapshot.slices) await completeArchiveFlush(deps.store, settings.topic, slice.partition);
    },
    log: deps.log,
    metrics: deps.metrics,
  });
}
