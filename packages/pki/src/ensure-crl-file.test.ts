import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { ensureCrlFile } from "./ensure-crl-file.ts";
import { writeAtomic } from "./ensure-platform-ca.ts";
import { generateCrl, readCrlEntries } from "./generate-crl.ts";
import { createTestCa } from "./test-ca.ts";

const { ca, config, cleanup } = await createTestCa();
afterAll(cleanup);

describe("ensureCrlFile", () => {
  it("creates an empty CRL, keeps a fresh one, re-signs one close to expiry with its entries", async () => {
    const created = await ensureCrlFile(config, ca);
    expect(created.action).toBe("created");
    expect(readCrlEntries(readFileSync(created.path, "utf8"))).toEqual([]);
    expect((await ensureCrlFile(config, ca)).action).toBe("kept");

    const revokedAt = new Date(Math.floor(Date.now() / 1000) * 1000);
    const soon = await generateCrl(ca, [{ serial: "abcd", revokedAt, reason: "keyCompromise" }], {
      nextUpdateHours: 2,
    });
    writeAtomic(created.path, soon.pem, 0o644);
    const refreshed = await ensureCrlFile(config, ca);
    expect(refreshed.action).toBe("refreshed");
    expect(refreshed.nextUpdate.getTime()).toBeGreaterThan(Date.now() + 6 * 86400e3);
    expect(readCrlEntries(readFileSync(created.path, "utf8"))).toEqual([
      { serial: "abcd", revokedAt, reason: "keyCompromise" },
    ]);
  });
});
