import { KAFKA_TOPICS } from "@fleetwire/config";
import type { Rejection } from "../pipeline/step-result.ts";
import type { AcceptedTelemetry, IngestContext } from "../pipeline/validate-telemetry.ts";
import type { TDeadLetterRecord, TTelemetryRecord } from "./telemetry-record.schema.ts";

/** A record ready for a Kafka producer (kafkajs `Message` plus its topic). */
export interface KafkaRecord {
  topic: string;
  key: string;
  value: Buffer;
  headers: Record<string, string>;
}

/** How much of a rejected payload the dead-letter record keeps. */
export const DLQ_PAYLOAD_CAP_BYTES = 64 * 1024;

export function buildTelemetryRecord({ context, device, envelope }: AcceptedTelemetry): KafkaRecord {
  const receivedAt = context.receivedAt.toISOString();
  const value: TTelemetryRecord = {
    message_id: envelope.message_id,
    device_id: device.id,
    fleet_id: device.fleetId,
    model_id: device.modelId,
    timestamp: envelope.recordedAt.toISOString(),
    received_at: receivedAt,
    protocol: context.protocol,
    metrics: envelope.metrics,
  };
  return {
    topic: KAFKA_TOPICS.telemetryRaw.name,
    key: device.id,
    value: Buffer.from(JSON.stringify(value)),
    headers: {
      fleet: device.fleetId,
      model: device.modelId,
      "message-id": envelope.message_id,
      "received-at": receivedAt,
      protocol: context.protocol,
    },
  };
}

export function buildDeadLetterRecord(rejection: Rejection, context: IngestContext, payload: Buffer): KafkaRecord {
  const receivedAt = context.receivedAt.toISOString();
  const kept = payload.subarray(0, DLQ_PAYLOAD_CAP_BYTES);
  const value: TDeadLetterRecord = {
    reason: rejection.reason,
    detail: rejection.detail,
    device_id: context.deviceId,
    fleet_id: context.fleetId ?? null,
    message_id: rejection.messageId ?? null,
    protocol: context.protocol,
    received_at: receivedAt,
    payload_bytes: payload.length,
    payload_truncated: kept.length < payload.length,
    payload_base64: kept.toString("base64"),
  };
  return {
    topic: KAFKA_TOPICS.telemetryDlq.name,
    key: context.deviceId,
    value: Buffer.from(JSON.stringify(value)),
    headers: {
      reason: rejection.reason,
      device: context.deviceId,
      protocol: context.protocol,
      "received-at": receivedAt,
      ...(rejection.messageId ? { "message-id": rejection.messageId } : {}),
    },
  };
}
