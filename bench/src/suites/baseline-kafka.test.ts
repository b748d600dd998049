import { describe, expect, it } from "vitest";
import { parseProducerPerformance } from "./baseline-kafka.ts";

describe("ProducerPerformance output", () => {
  it("reads the final summary line, not the progress lines", () => {
    const output = [
      "98123 records sent, 19624.6 records/sec (3.74 MB/sec), 1262.3 ms avg latency, 1893.0 ms max latency.",
      "200000 records sent, 19166.3 records/sec (3.66 MB/sec), 1390.52 ms avg latency, 2274.00 ms max latency, 1385 ms 50th, 2051 ms 95th, 2201 ms 99th, 2262 ms 99.9th.",
    ].join("\n");
    expect(parseProducerPerformance(output)).toEqual({
      records: 200_000,
      recordsPerSecond: 19166.3,
      mbPerSecond: 3.66,
      avgLatencyMs: 1390.52,
      maxLatencyMs: 2274,
      p50: 1385,
      p95: 2051,
      p99: 2201,
      p999: 2262,
    });
  });

  it("says so when the tool printed no summary", () => {
    expect(() => parseProducerPerformance("Exception in thread main")).toThrow(/no summary/);
  });
});
