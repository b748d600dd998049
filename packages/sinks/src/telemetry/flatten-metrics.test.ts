import { describe, expect, it } from "vitest";
import { flattenMetrics } from "./flatten-metrics.ts";

describe("flattenMetrics", () => {
  it("keeps numbers, booleans as 1/0, readings with units and nested groups; skips the rest", () => {
    expect(
      flattenMetrics({
        temperature: 21.5,
        pressure: { value: 1013, unit: "hpa" },
        door_open: true,
        gps: { lat: 52.5, lon: 13.4, fix: "3d" },
        label: "kitchen",
        history: [1, 2],
        missing: null,
        broken: Number.NaN,
      }),
    ).toEqual([
      { metricName: "temperature", value: 21.5, unit: null },
      { metricName: "pressure", value: 1013, unit: "hpa" },
      { metricName: "door_open", value: 1, unit: null },
      { metricName: "gps.lat", value: 52.5, unit: null },
      { metricName: "gps.lon", value: 13.4, unit: null },
    ]);
  });

  it("stops at four levels of nesting", () => {
    expect(flattenMetrics({ a: { b: { c: { d: 1, e: { f: 2 } } } } })).toEqual([
      { metricName: "a.b.c.d", value: 1, unit: null },
    ]);
  });
});
