/**
 * Latency statistics for the bench. Percentiles use the nearest-rank method on the sorted
 * samples (the value below which p % of the samples fall, always an observed sample), which is
 * what HdrHistogram and most load tools report; no interpolation between samples.
 */
export interface LatencySummary {
  count: number;
  min: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentile of already sorted (ascending) samples; NaN when there are none. */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile ${p} is outside 0..100`);
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * n));
  return sorted[rank - 1] as number;
}

/** Summary of unsorted samples in milliseconds (the input is not modified). */
export function summarizeLatencies(samples: ArrayLike<number>): LatencySummary {
  const sorted = Float64Array.from(samples as ArrayLike<number>).sort();
  const n = sorted.length;
  if (n === 0)
    return {
      count: 0,
      min: Number.NaN,
      mean: Number.NaN,
      p50: Number.NaN,
      p95: Number.NaN,
      p99: Number.NaN,
      max: Number.NaN,
    };
  let sum = 0;
  for (const value of sorted) sum += value;
  return {
    count: n,
    min: sorted[0] as number,
    mean: sum / n,
    p50: percentileOfSorted(sorted, 50),
    p95: percentileOfSorted(sorted, 95),
    p99: percentileOfSorted(sorted, 99),
    max: sorted[n - 1] as number,
  };
}

/**
 * A bounded sample store: keeps at most `capacity` samples, replacing at random once full
 * (reservoir sampling), so a long run costs bounded memory and still gives unbiased percentiles.
 */
export class LatencyRecorder {
  private readonly values: Float64Array;
  private seen = 0;

  constructor(readonly capacity = 200_000) {
    this.values = new Float64Array(capacity);
  }

  record(ms: number): void {
    if (this.seen < this.capacity) this.values[this.seen] = ms;
    else {
      const slot = Math.floor(Math.random() * (this.seen + 1));
      if (slot < this.capacity) this.values[slot] = ms;
    }
    this.seen += 1;
  }

  /** How many samples were offered (not how many are kept). */
  get count(): number {
    return this.seen;
  }

  samples(): Float64Array {
    return this.values.slice(0, Math.min(this.seen, this.capacity));
  }

  summary(): LatencySummary {
    return { ...summarizeLatencies(this.samples()), count: this.seen };
  }
}

/** Merges sample arrays from several load workers into one summary. */
export function summarizeMany(parts: readonly ArrayLike<number>[]): LatencySummary {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const all = new Float64Array(total);
  let offset = 0;
  for (const part of parts) {
    all.set(part as ArrayLike<number>, offset);
    offset += part.length;
  }
  return summarizeLatencies(all);
}
