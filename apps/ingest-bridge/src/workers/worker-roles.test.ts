import { describe, expect, it } from "vitest";
import { registerWorkerRole, selectWorkerRoles } from "./worker-roles.ts";

const noop = async () => ({ health: () => ({ ok: true, detail: "" }), stop: async () => {} });
registerWorkerRole("alpha", noop);
registerWorkerRole("beta", noop);

describe("selectWorkerRoles", () => {
  it("runs every registered role by default, or the ones --roles names", () => {
    expect(selectWorkerRoles([])).toEqual(["alpha", "beta"]);
    expect(selectWorkerRoles(["--roles", "beta"])).toEqual(["beta"]);
    expect(selectWorkerRoles(["--roles=beta,alpha,beta"])).toEqual(["beta", "alpha"]);
  });

  it("refuses unknown roles and double registration", () => {
    expect(() => selectWorkerRoles(["--roles", "alpha,gamma"])).toThrow(
      "unknown worker role gamma; known roles: alpha, beta",
    );
    expect(() => registerWorkerRole("alpha", noop)).toThrow('worker role "alpha" is registered twice');
  });
});
