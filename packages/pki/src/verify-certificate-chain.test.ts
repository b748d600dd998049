import { describe, expect, it } from "vitest";
import { issueClientCertificate } from "./issue-client-certificate.ts";
import { openSecret, sealSecret } from "./seal-secret.ts";
import { createTestCa } from "./test-ca.ts";
import { createTestManufacturerCa, issueBootstrapCertificate } from "./test-manufacturer-ca.ts";
import { verifyCertificateChain } from "./verify-certificate-chain.ts";
import * as x509 from "./x509.ts";

const cert = (pem: string) => new x509.X509Certificate(pem);

describe("verifyCertificateChain", () => {
  it("accepts a bootstrap certificate under a trusted manufacturer CA and names the anchor and CN", async () => {
    const mfr = await createTestManufacturerCa();
    const boot = await issueBootstrapCertificate(mfr, "dev-42");
    const result = await verifyCertificateChain(cert(boot.certPem), {
      anchors: [{ id: "m1", certificate: cert(mfr.certPem) }],
    });
    expect(result).toMatchObject({ ok: true, anchorId: "m1", commonName: "dev-42" });
  });

  it("refuses another CA, an expired certificate, and one not yet valid", async () => {
    const [mfr, other] = await Promise.all([createTestManufacturerCa(), createTestManufacturerCa()]);
    const boot = await issueBootstrapCertificate(mfr, "dev-1");
    const anchors = [{ id: "other", certificate: cert(other.certPem) }];
    expect(await verifyCertificateChain(cert(boot.certPem), { anchors })).toMatchObject({
      ok: false,
      reason: "untrusted",
    });
    const own = [{ id: "m", certificate: cert(mfr.certPem) }];
    const later = new Date(Date.now() + 400 * 86400e3);
    expect(await verifyCertificateChain(cert(boot.certPem), { anchors: own, now: later })).toMatchObject({
      ok: false,
      reason: "expired",
    });
    const earlier = new Date(Date.now() - 86400e3);
    expect(await verifyCertificateChain(cert(boot.certPem), { anchors: own, now: earlier })).toMatchObject({
      ok: false,
      reason: "not_yet_valid",
    });
  });

  it("does not take a leaf certificate as a CA", async () => {
    const { ca, cleanup } = await createTestCa();
    const notACa = await issueClientCertificate(ca, { commonName: "Fleetwire Issuing CA", validityDays: 1 });
    const leaf = await issueClientCertificate(ca, { commonName: "dev-1", validityDays: 1 });
    const result = await verifyCertificateChain(cert(leaf.certPem), {
      anchors: [{ id: "leaf", certificate: cert(notACa.certPem) }],
    });
    expect(result.ok).toBe(false);
    cleanup();
  });
});

describe("issueClientCertificate with a CRL distribution point", () => {
  it("writes the URL into the certificate", async () => {
    const { ca, cleanup } = await createTestCa();
    const issued = await issueClientCertificate(ca, {
      commonName: "dev-1",
      validityDays: 1,
      crlDistributionPoints: ["http://127.0.0.1:4000/crl.der"],
    });
    const ext = cert(issued.certPem).getExtension(x509.CRLDistributionPointsExtension);
    expect(ext?.distributionPoints[0]?.distributionPoint?.fullName?.[0]?.uniformResourceIdentifier).toBe(
      "http://127.0.0.1:4000/crl.der",
    );
    cleanup();
  });
});

describe("sealSecret", () => {
  it("round-trips and refuses another label or key", () => {
    const key = Buffer.alloc(32, 7);
    const sealed = sealSecret(Buffer.from("psk-bytes"), key, "device-psk:a");
    expect(openSecret(sealed, key, "device-psk:a").toString()).toBe("psk-bytes");
    expect(() => openSecret(sealed, key, "device-psk:b")).toThrow();
    expect(() => openSecret(sealed, Buffer.alloc(32, 8), "device-psk:a")).toThrow();
  });
});
