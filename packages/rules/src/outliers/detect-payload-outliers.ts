import type { TOutlierFlags } from "../rule-message.schema.ts";
import type { OutlierDetector, OutlierObservation } from "./outlier-detector.ts";

const MAX_DEPTH = 4;

// A module-level function rather than a closure per call: this runs for every message.
function collectNumeric(out: [string, number][], value: Record<string, unknown>, prefix: string, depth: number): void {
  for (const key in value) {
    const v = value[key];
    if (typeof v === "number") out.push([prefix + key, v]);
    else if (v !== null && typeof v === "object" && !Array.isArray(v) && depth < MAX_DEPTH) {
      collectNumeric(out, v as Record<string, unknown>, `${prefix}${key}.`, depth + 1);
    }
  }
}

/** Numeric leaves of a payload with dotted names (`env.temperature`); arrays are not metrics. */
export function numericMetrics(payload: Record<string, unknown>): [string, number][] {
  const out: [string, number][] = [];
  collectNumeric(out, payload, "", 1);
  return out;
}

/**
 * Feeds every numeric metric of a device's message to the detector (key: device id + metric)
 * and returns the `outlier` variable rules see, plus each metric's observation. Whether a flagged
 * message is only flagged or quarantined is the worker's per-model policy.
 */
export function detectPayloadOutliers(
  detector: OutlierDetector,
  deviceId: string,
  payload: Record<string, unknown>,
): { flags: TOutlierFlags; observations: Record<string, OutlierObservation> } {
  const flags: TOutlierFlags = { any: false, flagged: [], scores: {} };
  const observations: Record<string, OutlierObservation> = {};
  for (const [metric, value] of numericMetrics(payload)) {
    const observation = detector.observe(`${deviceId}\u0000${metric}`, value);
    observations[metric] = observation;
    flags.scores[metric] = observation.score;
    if (observation.outlier) {
      flags.any = true;
      flags.flagged.push(metric);
    }
  }
  return { flags, observations };
}
