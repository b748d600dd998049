import { z } from "zod";

/**
 * The value of a telemetry.raw record (JSON). Key: the device id, so one device's records stay in
 * one partition. Headers: fleet, model, message-id, received-at, protocol (strings).
 */
export const ZTelemetryRecord = z.object({
  message_id: z.string(),
  device_id: z.string(),
  fleet_id: z.string(),
  model_id: z.string(),
  /** When the reading was taken (the envelope's timestamp), ISO 8601 UTC. */
  timestamp: z.iso.datetime(),
  /** When the bridge received it, ISO 8601 UTC. */
  received_at: z.iso.datetime(),
  protocol: z.enum(["mqtt", "http", "coap"]),
  metrics: z.record(z.string(), z.unknown()),
});
export type TTelemetryRecord = z.infer<typeof ZTelemetryRecord>;

/**
 * The value of a telemetry.dlq record (JSON). Key: the device id. Headers: reason, device,
 * protocol, received-at. The original payload is kept base64-encoded, capped in size.
 */
export const ZDeadLetterRecord = z.object({
  reason: z.string(),
  detail: z.string(),
  device_id: z.string(),
  fleet_id: z.string().nullable(),
  message_id: z.string().nullable(),
  protocol: z.enum(["mqtt", "http", "coap"]),
  received_at: z.iso.datetime(),
  payload_bytes: z.number().int(),
  payload_truncated: z.boolean(),
  payload_base64: z.string(),
});
export type TDeadLetterRecord = z.infer<typeof ZDeadLetterRecord>;
