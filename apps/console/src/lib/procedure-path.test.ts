import { describe, expect, it } from "vitest";
import { isProcedurePath } from "./procedure-path.ts";

describe("isProcedurePath", () => {
  it("accepts procedures and batches of them", () => {
    for (const path of ["fleets.list", "devices.psk.create", "fleets.list,devices.get,metrics.overview"]) {
      expect(isProcedurePath(path)).toBe(true);
    }
  });

  it("refuses anything that could reach another control-plane route", () => {
    for (const path of ["../health", "..%2Fhealth", "emqx/authn", "fleets.list/..", ".", "", "a,,b", "fleets..list"]) {
      expect(isProcedurePath(path)).toBe(false);
    }
  });
});
