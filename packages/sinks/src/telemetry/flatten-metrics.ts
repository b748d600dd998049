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

type MetricReading = { metricName: string; value: number; unit: string | null };

// A module-level function rather than a closure per call: this runs for every record written.
function visitMetric(out: MetricReading[], value: unknown, name: string, depth: number): void {
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
    for (const key in value) visitMetric(out, value[key], `${name}.${key}`, depth + 1);
  }
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
export function flattenMetrics(metrics: Record<string, unknown>): MetricReading[] {
  const out: MetricReading[] = [];
  for (const key in metrics) visitMetric(out, metrics[key], key, 1);
  return out;
}

export function toTelemetryRows(message: RoutedTelemetry): TelemetryRow[] {
  const readings = flattenMetrics(message.metrics);
  const rows: TelemetryRow[] = new Array(readings.length);
  for (let i = 0; i < readings.length; i++) {
    const m = readings[i] as MetricReading;
    rows[i] = {
      deviceId: message.deviceId,
      metricName: m.metricName,
      value: m.value,
      unit: m.unit,
      recordedAt: message.recordedAt,
      messageId: message.messageId,
      receivedAt: message.receivedAt,
    };
  }
  return rows;
}
