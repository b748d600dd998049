import { z } from "zod";
import { parseJsonValue, type SinkRecord, UnusableRecord, zodDetail } from "./routed-record.ts";

/**
 * The value of a route.timeseries / route.archive record: the telemetry.raw record (see
 * packages/ingest `ZTelemetryRecord`) as the rules worker forwards it, possibly enriched. Fields a
 * forwarder may leave to the headers (key = device id; headers fleet, model, message-id,
 * received-at, protocol, rule-ids) are taken from there. An enriched copy may carry its readings
 * as `payload` instead of `metrics`.
 */
const ZRoutedTelemetryValue = z.object({
  message_id: z.string().min(1).max(200).optional(),
  device_id: z.string().min(1).max(200).optional(),
  fleet_id: z.string().min(1).max(200).optional(),
  model_id: z.string().max(200).optional(),
  timestamp: z.union([z.iso.datetime({ offset: true }), z.number().int().nonnegative()]),
  received_at: z.iso.datetime({ offset: true }).optional(),
  protocol: z.string().max(20).optional(),
  metrics: z.record(z.string(), z.unknown()).optional(),
  payload: z.record(z.string(), z.unknown()).optional(),
});

export interface RoutedTelemetry {
  messageId: string;
  deviceId: string;
  fleetId: string;
  modelId: string | null;
  recordedAt: Date;
  receivedAt: Date;
  protocol: string | null;
  metrics: Record<string, unknown>;
  /** The rules that routed it here (header `rule-ids`, comma-separated), for the archive. */
  ruleIds: string[];
}

function required(value: string | undefined, what: string): string {
  if (!value) throw new UnusableRecord("missing_field", `${what} is neither in the value nor in the headers`);
  return value;
}

export function parseRoutedTelemetry(record: SinkRecord): RoutedTelemetry {
  const parsed = ZRoutedTelemetryValue.safeParse(parseJsonValue(record));
  if (!parsed.success) throw new UnusableRecord("invalid_envelope", zodDetail(parsed.error));
  const v = parsed.data;
  const h = record.headers;
  const recordedAt = new Date(v.timestamp);
  const receivedAtText = v.received_at ?? h["received-at"];
  const receivedAt = receivedAtText ? new Date(receivedAtText) : recordedAt;
  if (Number.isNaN(receivedAt.getTime())) throw new UnusableRecord("invalid_envelope", "received-at: not a date");
  const metrics = v.metrics ?? v.payload;
  if (!metrics) throw new UnusableRecord("invalid_envelope", "metrics: neither metrics nor payload is present");
  const ruleIds = (h["rule-ids"] ?? h["rule-id"] ?? "")
    .split(",")
    .map((id) => id.trim())
    .filter(Boolean);
  return {
    messageId: required(v.message_id ?? h["message-id"], "message_id"),
    deviceId: required(v.device_id ?? record.key?.toString("utf8"), "device_id"),
    fleetId: required(v.fleet_id ?? h.fleet, "fleet_id"),
    modelId: v.model_id ?? h.model ?? null,
    recordedAt,
    receivedAt,
    protocol: v.protocol ?? h.protocol ?? null,
    metrics,
    ruleIds,
  };
}
