import type { RoutedTelemetry } from "../routed-telemetry.ts";

/** One row of the `telemetry` table. */
export interface TelemetryRow {
  deviceId: string;
  metricName: string;
  value: number;
  unit: string | null;
  recordedAt: Date;
  messageId: string;
  receivedAt: Date;
}

/** Nested objects deeper than this are left to the archive (a chart of `a.b.c.d.e` is not a use case). */
const MAX_DEPTH = 4;
const MAX_NAME_LENGTH = 200;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * How an envelope's `metrics` become rows (documented in packages/sinks/README.md):
 * - a finite number is a reading: `{"temperature": 21.5}` gives metric `temperature`;
 * - a boolean is stored as 1 or 0, so state changes can be charted;
 * - `{"value": <number>, "unit": "<text>"}` is a reading with its unit;
 * - any other object is a group whose members are named with dots: `{"gps": {"lat": 1}}` gives `gps.lat`;
 * - strings, arrays, null and non-finite numbers are not time-series data and are skipped (the
 *   archive keeps the whole message).
 */
export function flattenMetrics(
  metrics: Record<string, unknown>,
): { metricName: string; value: number; unit: string | null }[] {
  const out: { metricName: string; value: number; unit: string | null }[] = [];
  const visit = (value: unknown, name: string, depth: number) => {
    if (name.length > MAX_NAME_LENGTH) return;
    if (typeof value === "number") {
      if (Number.isFinite(value)) out.push({ metricName: name, value, unit: null });
    } else if (typeof value === "boolean") {
      out.push({ metricName: name, value: value ? 1 : 0, unit: null });
    } else if (isPlainObject(value)) {
      if (typeof value.value === "number" && (value.unit === undefined || typeof value.unit === "string")) {
        if (Number.isFinite(value.value)) out.push({ metricName: name, value: value.value, unit: value.unit ?? null });
        return;
      }
      if (depth >= MAX_DEPTH) return;
      for (const [key, member] of Object.entries(value)) visit(member, `${name}.${key}`, depth + 1);
    }
  };
  for (const [key, value] of Object.entries(metrics)) visit(value, key, 1);
  return out;
}

export function toTelemetryRows(message: RoutedTelemetry): TelemetryRow[] {
  return flattenMetrics(message.metrics).map((m) => ({
    ...m,
    deviceId: message.deviceId,
    recordedAt: message.recordedAt,
    messageId: message.messageId,
    receivedAt: message.receivedAt,
  }));
}
