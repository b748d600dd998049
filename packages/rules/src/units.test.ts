import { describe, expect, it } from "vitest";
import { canConvertUnits, convertUnit } from "./units.ts";

describe("convertUnit", () => {
  it("converts within a dimension", () => {
    expect(convertUnit(85, "celsius", "fahrenheit")).toBe(185);
    expect(convertUnit(-40, "fahrenheit", "celsius")).toBe(-40);
    expect(convertUnit(0, "celsius", "kelvin")).toBe(273.15);
    expect(convertUnit(1, "bar", "psi", 2)).toBe(14.5);
    expect(convertUnit(36, "km_h", "m_s")).toBe(10);
    expect(convertUnit(1, "kwh", "j")).toBe(3_600_000);
  });

  it("refuses to convert across dimensions", () => {
    expect(canConvertUnits("celsius", "psi")).toBe(false);
    expect(() => convertUnit(1, "celsius", "psi")).toThrow(/cannot convert/);
  });
});
