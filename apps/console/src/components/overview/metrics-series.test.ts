import { describe, expect, it } from "vitest";
import { rates, seriesKeys, sumBy, windowedMeanMs } from "./metrics-series.ts";

const snap = (at: number, counts: Record<string, number>, flush?: { sum: number; count: number }) => ({
  at: new Date(at * 1000).toISOString(),
  counts,
  flush: (flush ? { timeseries: flush } : {}) as Record<string, { sum: number; count: number }>,
});

describe("Overview series from cumulative snapshots", () => {
  it("sums counters by a label", () => {
    expect(
      sumBy(
        [
          { protocol: "mqtt", reason: "schema", value: 3 },
          { protocol: "mqtt", reason: "size", value: 2 },
          { protocol: "http", reason: "schema", value: 1 },
        ],
        "protocol",
      ),
    ).toEqual({ mqtt: 5, http: 1 });
  });

  it("turns counters into per-second rates, and a restarted counter into its new value", () => {
    const history = [snap(0, { mqtt: 10 }), snap(5, { mqtt: 60 }), snap(10, { mqtt: 20 })];
    const points = rates(history, (s) => s.counts);
    expect(points.map((p) => p.mqtt)).toEqual([10, 4]);
    expect(seriesKeys(points)).toEqual(["mqtt"]);
  });

  it("averages a histogram over each interval, in milliseconds", () => {
    const history = [
      snap(0, {}, { sum: 1, count: 10 }),
      snap(5, {}, { sum: 1.5, count: 20 }),
      snap(10, {}, { sum: 1.5, count: 20 }),
    ];
    const points = windowedMeanMs(history, (s) => s.flush);
    expect(points[0]?.timeseries).toBeCloseTo(50);
    expect(points[1]?.timeseries).toBeUndefined();
  });
});
