import { z } from "zod";

/**
 * The telemetry envelope every device sends, on every protocol (documented in ../README.md):
 *
 *   { "message_id": "b7c1...", "timestamp": "2026-11-25T15:00:00.000Z", "metrics": { ... } }
 *
 * - message_id: chosen by the device, unique per device (a UUID or a counter). Redelivery keeps
 *   it, which is how duplicates are removed downstream.
 * - timestamp: when the reading was taken, RFC 3339 with an offset or Unix epoch milliseconds.
 * - metrics: the reading itself, checked against the device model's telemetry JSON Schema.
 * - device_id: optional; when present it must name the authenticated device.
 */
export const ZTelemetryEnvelope = z.object({
  message_id: z
    .string()
    .min(1)
    .max(128)
    .regex(/^[\x21-\x7e]+$/, "printable ASCII without spaces"),
  timestamp: z.union([z.iso.datetime({ offset: true }), z.number().int().nonnegative()]),
  metrics: z.record(z.string(), z.unknown()),
  device_id: z.string().min(1).max(128).optional(),
});

export type TTelemetryEnvelope = z.infer<typeof ZTelemetryEnvelope>;

/** An HTTP body: one envelope, or a batch. */
export const ZTelemetryBatch = z.object({ messages: z.array(z.unknown()).min(1).max(1000) });
