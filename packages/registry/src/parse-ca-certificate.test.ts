import { describe, expect, it } from "vitest";
import { parseCaCertificate } from "./parse-ca-certificate.ts";
import { makeSelfSignedCertificate } from "./testing/self-signed-certificate.ts";
import { KeyUsageFlags } from "./x509.ts";

describe("parseCaCertificate", () => {
  it("reads subject, SHA-256 fingerprint and validity of a CA certificate", async () => {
    const pem = await makeSelfSignedCertificate({ commonName: "Acme Bootstrap CA" });
    const parsed = parseCaCertificate(pem);
    expect(parsed.subject).toBe("CN=Acme Bootstrap CA, O=Fleetwire Tests");
    expect(parsed.commonName).toBe("Acme Bootstrap CA");
    expect(parsed.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(parsed.notAfter.getTime()).toBeGreaterThan(Date.now());
  });

  it("refuses what provisioning could not rely on, saying why", async () => {
    const leaf = await makeSelfSignedCertificate({ ca: false, commonName: "device-1" });
    expect(() => parseCaCertificate(leaf)).toThrow(/not a CA certificate: basicConstraints cA is false/);
    const expired = await makeSelfSignedCertificate({ expired: true });
    expect(() => parseCaCertificate(expired)).toThrow(/expired on/);
    const noSign = await makeSelfSignedCertificate({ keyUsage: KeyUsageFlags.digitalSignature });
    expect(() => parseCaCertificate(noSign)).toThrow(/keyCertSign/);
    const ca = await makeSelfSignedCertificate();
    expect(() => parseCaCertificate(`${ca}\n${ca}`)).toThrow(/holds 2 certificates/);
    expect(() => parseCaCertificate("hello")).toThrow(/not a PEM certificate/);
    expect(() => parseCaCertificate(`${ca}-----BEGIN PRIVATE KEY-----\nx\n-----END PRIVATE KEY-----`)).toThrow(
      /private key/,
    );
  });
});
