import { describe, expect, it } from "vitest";
import { parseSimArgs, UsageError } from "./sim-args.ts";

describe("parseSimArgs", () => {
  it("bounds each device by time and by count, whichever is smaller", () => {
    expect(parseSimArgs(["--devices", "5", "--rate", "2"])).toMatchObject({
      devices: 5,
      rate: 2,
      durationSeconds: 10,
      countPerDevice: 20,
      prefix: "sim",
      psk: false,
    });
    expect(parseSimArgs(["--devices", "1", "--rate", "100", "--duration", "60", "--count", "50"]).countPerDevice).toBe(
      50,
    );
  });
  it("refuses missing or nonsensical numbers", () => {
    expect(() => parseSimArgs(["--rate", "1"])).toThrow(UsageError);
    expect(() => parseSimArgs(["--devices", "0", "--rate", "1"])).toThrow(/--devices/);
    expect(() => parseSimArgs(["--devices", "2", "--rate", "x"])).toThrow(/--rate/);
  });
});
