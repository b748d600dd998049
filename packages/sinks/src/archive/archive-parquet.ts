import { ParquetSchema, ParquetWriter } from "@dsnp/parquetjs";
import type { RoutedTelemetry } from "../routed-telemetry.ts";

/**
 * The archive's columns. The readings stay as the device sent them (JSON text), since models
 * differ in shape; Kafka coordinates make every row traceable to its record.
 */
export const ARCHIVE_SCHEMA = new ParquetSchema({
  message_id: { type: "UTF8" },
  device_id: { type: "UTF8" },
  fleet_id: { type: "UTF8" },
  model_id: { type: "UTF8", optional: true },
  recorded_at: { type: "TIMESTAMP_MILLIS" },
  received_at: { type: "TIMESTAMP_MILLIS" },
  protocol: { type: "UTF8", optional: true },
  metrics_json: { type: "UTF8" },
  rule_ids: { type: "UTF8", optional: true },
  kafka_partition: { type: "INT32" },
  kafka_offset: { type: "INT64" },
});

export interface ArchiveRow {
  message: RoutedTelemetry;
  kafkaPartition: number;
  kafkaOffset: string;
}

/** Writes one Parquet file (Snappy-compressed pages) with the rows in the order given. */
export async function writeParquetFile(path: string, rows: readonly ArchiveRow[]): Promise<void> {
  const writer = await ParquetWriter.openFile(ARCHIVE_SCHEMA, path, { compression: "SNAPPY" } as never);
  try {
    for (const { message: m, kafkaPartition, kafkaOffset } of rows) {
      await writer.appendRow({
        message_id: m.messageId,
        device_id: m.deviceId,
        fleet_id: m.fleetId,
        model_id: m.modelId ?? undefined,
        recorded_at: m.recordedAt,
        received_at: m.receivedAt,
        protocol: m.protocol ?? undefined,
        metrics_json: JSON.stringify(m.metrics),
        rule_ids: m.ruleIds.length ? m.ruleIds.join(",") : undefined,
        kafka_partition: kafkaPartition,
        kafka_offset: BigInt(kafkaOffset),
      });
    }
  } finally {
    await writer.close();
  }
}
