import { describe, expect, it } from "vitest";
import { RollingWindow } from "./rolling-window.ts";

function naive(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const med = (s: number[]) =>
    s.length % 2 ? (s[s.length >> 1] as number) : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
  const m = med(sorted);
  return { median: m, mad: med(values.map((v) => Math.abs(v - m)).sort((a, b) => a - b)) };
}

describe("RollingWindow", () => {
  it("keeps the median and MAD of the last N values", () => {
    const window = new RollingWindow(7);
    const seen: number[] = [];
    let seed = 42;
    for (let i = 0; i < 500; i++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const value = (seed % 1000) / 10 - (i % 3 === 0 ? 50 : 0);
      window.push(value);
      seen.push(value);
      const expected = naive(seen.slice(-7));
      expect(window.size).toBe(Math.min(seen.length, 7));
      expect(window.median()).toBeCloseTo(expected.median, 10);
      expect(window.mad()).toBeCloseTo(expected.mad, 10);
    }
  });

  it("handles even sizes and repeated values", () => {
    const window = new RollingWindow(4);
    for (const v of [5, 5, 5, 9]) window.push(v);
    expect(window.median()).toBe(5);
    expect(window.mad()).toBe(0);
    window.push(1); // evicts a 5: [5, 5, 9, 1]
    expect(window.median()).toBe(5);
    expect(window.mad()).toBe(2);
  });
});
