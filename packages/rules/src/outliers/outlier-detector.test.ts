import { describe, expect, it } from "vitest";
import { detectPayloadOutliers } from "./detect-payload-outliers.ts";
import { createOutlierDetector } from "./outlier-detector.ts";

/** Deterministic noise around a level. */
function* readings(level: number, spread: number) {
  let seed = 7;
  for (;;) {
    seed = (seed * 48271) % 2147483647;
    yield level + ((seed / 2147483647) * 2 - 1) * spread;
  }
}

describe("OutlierDetector", () => {
  it("flags a value far outside the device's baseline after warm-up, and only then", () => {
    const detector = createOutlierDetector({ window: 50, minSamples: 20, threshold: 6 });
    const temps = readings(21, 0.5);
    // during warm-up nothing is flagged, however odd
    expect(detector.observe("dev-1/temperature", 500)).toEqual({ outlier: false, score: 0, baseline: null });
    for (let i = 0; i < 19; i++)
      expect(detector.observe("dev-1/temperature", temps.next().value as number).outlier).toBe(false);
    for (let i = 0; i < 100; i++) {
      expect(detector.observe("dev-1/temperature", temps.next().value as number).outlier).toBe(false);
    }
    const spike = detector.observe("dev-1/temperature", 85);
    expect(spike.outlier).toBe(true);
    expect(spike.score).toBeGreaterThan(50);
    expect(spike.baseline?.median).toBeCloseTo(21, 0);
    // the spike does not move the baseline: normal values stay normal
    expect(detector.observe("dev-1/temperature", 21.2).outlier).toBe(false);
    // another device's series is separate and still warming up
    expect(detector.observe("dev-2/temperature", 85).outlier).toBe(false);
  });

  it("accepts a lasting level shift as the new normal", () => {
    const detector = createOutlierDetector({ window: 40, minSamples: 10 });
    const low = readings(10, 0.2);
    for (let i = 0; i < 60; i++) detector.observe("k", low.next().value as number);
    const high = readings(30, 0.2);
    const flags = Array.from({ length: 60 }, () => detector.observe("k", high.next().value as number).outlier);
    expect(flags[0]).toBe(true);
    expect(flags.slice(-20).every((f) => !f)).toBe(true);
  });

  it("does not flag small wiggles on a flat series and ignores non-finite values", () => {
    const detector = createOutlierDetector({ minSamples: 5 });
    for (let i = 0; i < 10; i++) detector.observe("flat", 20);
    expect(detector.observe("flat", 20.3).outlier).toBe(false);
    expect(detector.observe("flat", 35).outlier).toBe(true);
    expect(detector.observe("flat", Number.NaN)).toEqual({ outlier: false, score: 0, baseline: null });
  });

  it("forgets the least recently seen series beyond maxKeys", () => {
    const detector = createOutlierDetector({ maxKeys: 3, minSamples: 3 });
    for (const key of ["a", "b", "c"]) for (let i = 0; i < 5; i++) detector.observe(key, 1);
    detector.observe("a", 1); // a is now the most recent
    detector.observe("d", 1); // evicts b
    expect(detector.size).toBe(3);
    expect(detector.observe("a", 1).baseline?.samples).toBe(6);
    expect(detector.observe("b", 1).baseline).toBeNull();
  });

  it("turns a payload into the outlier variable rules see", () => {
    const detector = createOutlierDetector({ minSamples: 5 });
    const warm = readings(50, 1);
    for (let i = 0; i < 30; i++)
      detectPayloadOutliers(detector, "dev-1", { temperature: 21, env: { humidity: warm.next().value }, label: "x" });
    const { flags, observations } = detectPayloadOutliers(detector, "dev-1", {
      temperature: 21,
      env: { humidity: 99 },
      label: "x",
    });
    expect(flags.any).toBe(true);
    expect(flags.flagged).toEqual(["env.humidity"]);
    expect(Object.keys(observations).sort()).toEqual(["env.humidity", "temperature"]);
    expect(flags.scores.temperature).toBe(0);
  });
});
