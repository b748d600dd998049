import { readdirSync, readFileSync, statSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { ensurePlatformCa } from "./ensure-platform-ca.ts";
import { platformCaPaths } from "./platform-ca-paths.ts";
import { secretKeyFile } from "./secret-key.ts";
import { createTestCa } from "./test-ca.ts";
import * as x509 from "./x509.ts";

const { ca, config, cleanup } = await createTestCa();
afterAll(cleanup);
const paths = platformCaPaths(config);

describe("ensurePlatformCa", () => {
  it("creates a P-256 root (10 y) and an issuing CA (5 y, pathLen 0) chained to it", async () => {
    const { rootCertificate: root, issuingCertificate: issuing } = ca;
    expect(root.subject).toBe("CN=Fleetwire Root CA, O=Fleetwire");
    expect(issuing.issuer).toBe(root.subject);
    expect(await issuing.verify({ publicKey: root.publicKey, signatureOnly: true })).toBe(true);
    expect(await root.isSelfSigned()).toBe(true);
    expect(root.publicKey.algorithm).toMatchObject({ name: "ECDSA", namedCurve: "P-256" });
    const years = (c: x509.X509Certificate) => (c.notAfter.getTime() - c.notBefore.getTime()) / (365.25 * 86400e3);
    expect(years(root)).toBeCloseTo(10, 1);
    expect(years(issuing)).toBeCloseTo(5, 1);
    const bc = issuing.getExtension(x509.BasicConstraintsExtension);
    expect(bc?.ca).toBe(true);
    expect(bc?.pathLength).toBe(0);
  });

  it("keeps private keys encrypted at rest and the local secret key private", () => {
    for (const file of [paths.rootKey, paths.issuingKey]) {
      const text = readFileSync(file, "utf8");
      expect(text).not.toContain("PRIVATE KEY");
      expect(JSON.parse(text)).toMatchObject({ cipher: "aes-256-gcm" });
      expect(statSync(file).mode & 0o777).toBe(0o600);
    }
    expect(statSync(secretKeyFile(config)).mode & 0o777).toBe(0o600);
    expect(readdirSync(paths.dir).some((f) => f.endsWith(".tmp"))).toBe(false);
  });

  it("writes the chain (issuing, then root)", () => {
    const chain = readFileSync(config.pki.caChainPath, "utf8");
    expect(chain).toBe(ca.chainPem);
    const certs = x509.PemConverter.decode(chain).map((der) => new x509.X509Certificate(der));
    expect(certs.map((c) => c.subject)).toEqual([ca.issuingCertificate.subject, ca.rootCertificate.subject]);
  });

  it("loads the same CA on a later start, also when two starts race", async () => {
    const [a, b] = await Promise.all([ensurePlatformCa(config), ensurePlatformCa(config)]);
    expect(a.issuingCertificate.serialNumber).toBe(ca.issuingCertificate.serialNumber);
    expect(b.rootCertificate.serialNumber).toBe(ca.rootCertificate.serialNumber);
  });

  it("refuses to start with a different secret key instead of making a new CA", async () => {
    await expect(ensurePlatformCa({ ...config, secretKeyHex: "ab".repeat(32) })).rejects.toThrow(/secret key differs/);
  });

  it("uses FLEETWIRE_SECRET_KEY when it is set", async () => {
    const { config: fresh, cleanup: done } = await createTestCa();
    done();
    const key = "0f".repeat(32);
    const created = await ensurePlatformCa({ ...fresh, secretKeyHex: key });
    expect(() => statSync(secretKeyFile(fresh))).toThrow();
    const again = await ensurePlatformCa({ ...fresh, secretKeyHex: key });
    expect(again.issuingCertificate.serialNumber).toBe(created.issuingCertificate.serialNumber);
    done();
  });
});
