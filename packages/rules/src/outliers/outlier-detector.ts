import { RollingWindow } from "./rolling-window.ts";

export interface OutlierDetectorOptions {
  /** Values per device+metric the baseline remembers. Default 100. */
  window?: number;
  /** Robust z-score (|x - median| / (1.4826 * MAD)) above which a value is an outlier. Default 6. */
  threshold?: number;
  /** Values a series needs before anything is flagged. Default 20. */
  minSamples?: number;
  /** Series kept; the least recently seen is forgotten beyond this. Default 100,000. */
  maxKeys?: number;
  /** Floor of the scale as a fraction of |median|, so a flat series does not flag tiny wiggles. Default 0.01. */
  minRelativeScale?: number;
  /** Absolute floor of the scale. Default 1e-6. */
  minAbsoluteScale?: number;
}

export interface OutlierObservation {
  outlier: boolean;
  /** Robust z-score against the baseline before this value; 0 while warming up. */
  score: number;
  /** The baseline the value was judged against; null while warming up. */
  baseline: { median: number; mad: number; samples: number } | null;
}

/** 1 / Φ⁻¹(3/4): makes the MAD estimate the standard deviation of normal data. */
const MAD_TO_SIGMA = 1.4826;

/**
 * A robust rolling baseline per key (device + metric): rolling median and MAD over a bounded
 * window. A value is judged against the baseline before it and then joins the window, so a
 * lasting level shift becomes the new normal after about half a window while a spike does not
 * move the median. Memory: 2 * window doubles per key, at most maxKeys keys (LRU).
 */
export class OutlierDetector {
  private readonly series = new Map<string, RollingWindow>();
  private readonly window: number;
  private readonly threshold: number;
  private readonly minSamples: number;
  private readonly maxKeys: number;
  private readonly minRelativeScale: number;
  private readonly minAbsoluteScale: number;

  constructor(options: OutlierDetectorOptions = {}) {
    this.window = options.window ?? 100;
    this.threshold = options.threshold ?? 6;
    this.minSamples = Math.min(options.minSamples ?? 20, this.window);
    this.maxKeys = options.maxKeys ?? 100_000;
    this.minRelativeScale = options.minRelativeScale ?? 0.01;
    this.minAbsoluteScale = options.minAbsoluteScale ?? 1e-6;
    if (!(this.threshold > 0) || !(this.maxKeys > 0) || this.minSamples < 1)
      throw new RangeError("invalid outlier detector options");
  }

  get size(): number {
    return this.series.size;
  }

  observe(key: string, value: number): OutlierObservation {
    if (!Number.isFinite(value)) return { outlier: false, score: 0, baseline: null };
    let window = this.series.get(key);
    if (window) {
      this.series.delete(key); // re-insert: Map order is the LRU order
    } else {
      window = new RollingWindow(this.window);
      if (this.series.size >= this.maxKeys) {
        const oldest = this.series.keys().next().value;
        if (oldest !== undefined) this.series.delete(oldest);
      }
    }
    this.series.set(key, window);

    let observation: OutlierObservation = { outlier: false, score: 0, baseline: null };
    if (window.size >= this.minSamples) {
      const median = window.median();
      const mad = window.mad(median);
      const scale = Math.max(MAD_TO_SIGMA * mad, this.minRelativeScale * Math.abs(median), this.minAbsoluteScale);
      const score = Math.abs(value - median) / scale;
      observation = { outlier: score > this.threshold, score, baseline: { median, mad, samples: window.size } };
    }
    window.push(value);
    return observation;
  }

  forget(key: string): void {
    this.series.delete(key);
  }
}

export function createOutlierDetector(options?: OutlierDetectorOptions): OutlierDetector {
  return new OutlierDetector(options);
}
