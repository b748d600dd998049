import { describe, expect, it } from "vitest";
import { LatencyRecorder, percentileOfSorted, summarizeLatencies, summarizeMany } from "./latency-summary.ts";

describe("latency statistics", () => {
  it("nearest-rank percentiles of 1..100 are the values themselves", () => {
    const sorted = Float64Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentileOfSorted(sorted, 50)).toBe(50);
    expect(percentileOfSorted(sorted, 95)).toBe(95);
    expect(percentileOfSorted(sorted, 99)).toBe(99);
    expect(percentileOfSorted(sorted, 100)).toBe(100);
    expect(percentileOfSorted(sorted, 0)).toBe(1);
  });

  it("a percentile is always an observed sample, rounding the rank up", () => {
    const sorted = [10, 20, 30];
    expect(percentileOfSorted(sorted, 50)).toBe(20);
    expect(percentileOfSorted(sorted, 34)).toBe(20);
    expect(percentileOfSorted(sorted, 33)).toBe(10);
    expect(percentileOfSorted(sorted, 99)).toBe(30);
  });

  it("summarizes unsorted samples without changing them", () => {
    const samples = [5, 1, 4, 2, 3];
    const summary = summarizeLatencies(samples);
    expect(summary).toEqual({ count: 5, min: 1, mean: 3, p50: 3, p95: 5, p99: 5, max: 5 });
    expect(samples).toEqual([5, 1, 4, 2, 3]);
  });

  it("an empty run has a count of zero and no percentiles", () => {
    const summary = summarizeLatencies([]);
    expect(summary.count).toBe(0);
    expect(summary.p95).toBeNaN();
  });

  it("rejects a percentile outside 0..100", () => {
    expect(() => percentileOfSorted([1], 101)).toThrow(RangeError);
  });

  it("a full recorder keeps its capacity and counts every sample offered", () => {
    const recorder = new LatencyRecorder(1000);
    for (let i = 0; i < 100_000; i++) recorder.record(i % 100);
    expect(recorder.count).toBe(100_000);
    expect(recorder.samples().length).toBe(1000);
    const summary = recorder.summary();
    expect(summary.count).toBe(100_000);
    // Uniform 0..99: the reservoir's median is near 50.
    expect(summary.p50).toBeGreaterThan(35);
    expect(summary.p50).toBeLessThan(65);
  });

  it("merges the samples of several workers", () => {
    expect(summarizeMany([Float64Array.of(1, 2), Float64Array.of(3, 4)]).p50).toBe(2);
  });
});
