import type { IngestLimits } from "./ingest-limits.ts";
import { ok, reject, type StepResult } from "./step-result.ts";
import { type TTelemetryEnvelope, ZTelemetryEnvelope } from "./telemetry-envelope.schema.ts";

export interface ValidEnvelope extends TTelemetryEnvelope {
  /** The timestamp as a Date, whichever form the device sent. */
  recordedAt: Date;
}

/** The envelope's shape, then its timestamp against the clock-skew window around `receivedAt`. */
export function validateEnvelope(
  value: unknown,
  receivedAt: Date,
  limits: Pick<IngestLimits, "maxFutureSkewMs" | "maxAgeMs">,
): StepResult<ValidEnvelope> {
  const parsed = ZTelemetryEnvelope.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join(".") : "envelope";
    return reject("invalid_envelope", `${where}: ${issue?.message ?? "invalid"}`);
  }
  const recordedAt = new Date(parsed.data.timestamp);
  if (Number.isNaN(recordedAt.getTime())) return reject("invalid_envelope", "timestamp: not a valid time");
  const aheadMs = recordedAt.getTime() - receivedAt.getTime();
  if (aheadMs > limits.maxFutureSkewMs) {
    return reject("clock_skew", `timestamp is ${Math.round(aheadMs / 1000)} s in the future`);
  }
  if (-aheadMs > limits.maxAgeMs) {
    return reject("clock_skew", `timestamp is ${Math.round(-aheadMs / 1000)} s old`);
  }
  return ok({ ...parsed.data, recordedAt });
}
