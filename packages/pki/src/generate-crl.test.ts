import { afterAll, describe, expect, it } from "vitest";
import { generateCrl, readCrlEntries } from "./generate-crl.ts";
import { createTestCa } from "./test-ca.ts";
import * as x509 from "./x509.ts";

const { ca, cleanup } = await createTestCa();
afterAll(cleanup);

describe("generateCrl", () => {
  const now = new Date("2026-11-01T00:00:00Z");

  it("signs a v2 CRL with nextUpdate, reasons and a CRL number", async () => {
    const crl = await generateCrl(
      ca,
      [
        { serial: "00ff01", revokedAt: new Date("2026-10-30T10:00:00Z"), reason: "keyCompromise" },
        { serial: "FF01", revokedAt: new Date("2026-10-31T10:00:00Z"), reason: "superseded" },
        { serial: "0a", revokedAt: new Date("2026-10-31T11:00:00Z"), reason: "unspecified" },
      ],
      { nextUpdateHours: 48, now },
    );
    expect(crl.pem).toMatch(/^-----BEGIN X509 CRL-----/);
    const parsed = new x509.X509Crl(crl.der);
    expect(parsed.issuer).toBe(ca.issuingCertificate.subject);
    expect(parsed.nextUpdate?.toISOString()).toBe("2026-11-03T00:00:00.000Z");
    expect(await parsed.verify({ publicKey: ca.issuingCertificate })).toBe(true);
    // The same serial in two spellings is one entry.
    expect(readCrlEntries(crl.pem)).toEqual([
      { serial: "ff01", revokedAt: new Date("2026-10-30T10:00:00Z"), reason: "keyCompromise" },
      { serial: "0a", revokedAt: new Date("2026-10-31T11:00:00Z"), reason: "unspecified" },
    ]);
    expect(crl.crlNumber).toBe(Math.floor(now.getTime() / 1000));
  });

  it("makes an empty CRL and refuses a nonsensical lifetime", async () => {
    const crl = await generateCrl(ca, [], { nextUpdateHours: 1 });
    expect(new x509.X509Crl(crl.pem).entries).toHaveLength(0);
    await expect(generateCrl(ca, [], { nextUpdateHours: 0 })).rejects.toThrow(RangeError);
  });
});
