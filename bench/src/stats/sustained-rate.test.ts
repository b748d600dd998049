import { describe, expect, it } from "vitest";
import { judgeStep, nextOfferedRate, type SustainSearch, sustainedRate } from "./sustained-rate.ts";

const held = {
  offered: 3_000,
  ackedPerSecond: 2_990,
  rowsPerSecond: 2_900,
  expectedRows: 30_000,
  rowsFinal: 30_000,
  drainSeconds: 0.4,
};

/** Runs the search against a pipeline that holds every rate up to `capacity`. */
function search(plan: SustainSearch, capacity: number) {
  const steps: { offered: number; sustained: boolean }[] = [];
  for (let rate = nextOfferedRate(plan, steps); rate !== undefined; rate = nextOfferedRate(plan, steps)) {
    steps.push({ offered: rate, sustained: rate <= capacity });
  }
  return { offered: steps.map((s) => s.offered), sustained: sustainedRate(steps) };
}

describe("sustained-rate criterion", () => {
  it("a step that keeps up, lands every row and drains quickly holds", () => {
    expect(judgeStep(held)).toEqual({ sustained: true, shortfalls: [] });
  });

  it("names every way a step fell short", () => {
    const verdict = judgeStep({
      ...held,
      ackedPerSecond: 2_700,
      rowsPerSecond: 2_400,
      rowsFinal: 29_990,
      drainSeconds: 6.5,
    });
    expect(verdict.sustained).toBe(false);
    expect(verdict.shortfalls).toEqual([
      "broker acked 90 %",
      "rows 80 % during load",
      "10 rows missing",
      "drain 6.5 s",
    ]);
  });

  it("a backlog that drains just within the bound still holds; one beyond it does not", () => {
    expect(judgeStep({ ...held, drainSeconds: 2 }).sustained).toBe(true);
    expect(judgeStep({ ...held, drainSeconds: 2.1 }).shortfalls).toEqual(["drain 2.1 s"]);
  });
});

describe("sustained-rate search", () => {
  const plan: SustainSearch = { floor: 2_000, ceiling: 6_000, maxSteps: 4, resolution: 0.05 };

  it("bisects between the floor and the ceiling, up after a step holds and down after one fails", () => {
    expect(search(plan, 4_500)).toEqual({ offered: [4_000, 5_000, 4_500, 4_750], sustained: 4_500 });
  });

  it("when nothing held, the last step verifies the floor", () => {
    expect(search(plan, 2_200)).toEqual({ offered: [4_000, 3_000, 2_500, 2_000], sustained: 2_000 });
    expect(search({ ...plan, maxSteps: 2 }, 2_200)).toEqual({ offered: [4_000, 2_000], sustained: 2_000 });
  });

  it("reports no sustained rate when even the floor fails", () => {
    expect(search({ ...plan, maxSteps: 2 }, 1_000)).toEqual({ offered: [4_000, 2_000], sustained: undefined });
  });

  it("stops early once the bracket is narrower than the resolution", () => {
    // [4,500, 4,630] is within 5 % of 4,500.
    expect(search({ ...plan, maxSteps: 10 }, 4_500).offered).toEqual([4_000, 5_000, 4_500, 4_750, 4_630]);
  });

  it("a ceiling at or below the floor leaves only the floor (rounded to 10 msg/s) to verify", () => {
    expect(search({ ...plan, floor: 1_889, ceiling: 1_800 }, 5_000)).toEqual({ offered: [1_890], sustained: 1_890 });
  });

  it("the highest rate that held is the sustained rate, whatever the order", () => {
    expect(
      sustainedRate([
        { offered: 4_000, sustained: false },
        { offered: 3_000, sustained: true },
        { offered: 3_500, sustained: true },
      ]),
    ).toBe(3_500);
  });
});
