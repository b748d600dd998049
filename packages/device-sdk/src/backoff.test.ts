import { describe, expect, it } from "vitest";
import { backoffDelay } from "./backoff.ts";

describe("backoffDelay", () => {
  const options = { initialMs: 100, maxMs: 2_000 };
  it("doubles the ceiling per attempt up to the maximum, jittered in its upper half", () => {
    expect([0, 1, 2, 3, 4, 5, 10].map((a) => backoffDelay(a, options, () => 0))).toEqual([
      50, 100, 200, 400, 800, 1000, 1000,
    ]);
    expect([0, 1, 2, 3, 4, 5, 10].map((a) => backoffDelay(a, options, () => 1))).toEqual([
      100, 200, 400, 800, 1600, 2000, 2000,
    ]);
  });
  it("spreads a fleet's reconnects", () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(4, options)));
    expect(delays.size).toBeGreaterThan(10);
  });
});
