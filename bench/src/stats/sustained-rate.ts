/**
 * The sustained rate of a pipeline: the highest open-loop offered rate it keeps up with, found by
 * a bounded bisection. A closed loop saturates the machine with the load generator and the broker,
 * so what lands during it under-reports the pipeline; an open loop at a fixed rate shows whether
 * the whole path (load generator included, on the same cores) holds that rate.
 */

/** What one open-loop step measured, as far as the criterion needs it. */
export interface SustainStepMeasurement {
  /** Offered rate, msg/s. */
  offered: number;
  /** Broker acknowledgements per second in the measured window (after the warm-up). */
  ackedPerSecond: number;
  /** Rows landed per second in the same window. */
  rowsPerSecond: number;
  /** Messages the broker acknowledged without refusing them: each must become a row. */
  expectedRows: number;
  /** Rows of the step when the drain wait ended. */
  rowsFinal: number;
  /** Seconds after the load stopped until the last expected row landed (or the wait's bound). */
  drainSeconds: number;
}

export interface SustainCriterion {
  /** Broker-acknowledged msg/s at least this fraction of offered. */
  minAckedFraction: number;
  /** Rows landed per second during the load at least this fraction of offered. */
  minRowsFraction: number;
  /** Every acknowledged message has its row at most this long after the load stopped. */
  maxDrainSeconds: number;
}

export const SUSTAIN_CRITERION: SustainCriterion = {
  minAckedFraction: 0.97,
  minRowsFraction: 0.95,
  maxDrainSeconds: 2,
};

/** The criterion in words, for the report. */
export function describeCriterion(c: SustainCriterion = SUSTAIN_CRITERION): string {
  return `the broker acknowledges >= ${c.minAckedFraction * 100} % of the offered rate, rows land at >= ${c.minRowsFraction * 100} % of it while the load runs (both after the warm-up), and every acknowledged message has its row <= ${c.maxDrainSeconds} s after the load stops`;
}

/** Whether a step held its offered rate, and if not, each way it fell short. */
export function judgeStep(
  m: SustainStepMeasurement,
  c: SustainCriterion = SUSTAIN_CRITERION,
): { sustained: boolean; shortfalls: string[] } {
  const shortfalls: string[] = [];
  const pct = (value: number) => `${Math.round((value / m.offered) * 100)} %`;
  if (m.ackedPerSecond < m.offered * c.minAckedFraction) shortfalls.push(`broker acked ${pct(m.ackedPerSecond)}`);
  if (m.rowsPerSecond < m.offered * c.minRowsFraction) shortfalls.push(`rows ${pct(m.rowsPerSecond)} during load`);
  if (m.rowsFinal < m.expectedRows) shortfalls.push(`${m.expectedRows - m.rowsFinal} rows missing`);
  if (m.drainSeconds > c.maxDrainSeconds) shortfalls.push(`drain ${m.drainSeconds} s`);
  return { sustained: shortfalls.length === 0, shortfalls };
}

export interface SustainSearch {
  /** Expected to hold (the rows that landed during the closed loop); tested last if nothing else held. */
  floor: number;
  /** Not expected to hold (the broker-acknowledged closed-loop rate). */
  ceiling: number;
  maxSteps: number;
  /** Stop once the bracket is narrower than this fraction of its lower end. */
  resolution: number;
}

/** Offered rates are rounded to this many msg/s. */
const GRANULARITY = 10;

/**
 * The next rate to offer, or undefined when the search is done. Bisects between the highest rate
 * that held (the floor until one did) and the lowest that did not (the ceiling until one did not).
 * While nothing has held, the last step goes to the floor itself, so the search ends with a
 * measured sustained rate whenever the floor holds.
 */
export function nextOfferedRate(search: SustainSearch, steps: { offered: number; sustained: boolean }[]) {
  if (steps.length >= search.maxSteps) return undefined;
  const held = steps.filter((s) => s.sustained).map((s) => s.offered);
  const failed = steps.filter((s) => !s.sustained).map((s) => s.offered);
  const floor = round(search.floor);
  const lower = Math.max(floor, ...held);
  const upper = Math.min(search.ceiling, ...failed);
  const floorTried = steps.some((s) => s.offered === floor);
  const lastStep = steps.length === search.maxSteps - 1;
  const narrow = upper - lower <= lower * search.resolution;
  if (held.length === 0 && (lastStep || narrow)) return floorTried ? undefined : floor;
  if (narrow) return undefined;
  const middle = round((lower + upper) / 2);
  return middle > lower && middle < upper ? middle : undefined;
}

/** The highest offered rate that held, if any did. */
export function sustainedRate(steps: { offered: number; sustained: boolean }[]): number | undefined {
  const held = steps.filter((s) => s.sustained).map((s) => s.offered);
  return held.length > 0 ? Math.max(...held) : undefined;
}

function round(rate: number) {
  return Math.max(GRANULARITY, Math.round(rate / GRANULARITY) * GRANULARITY);
}
