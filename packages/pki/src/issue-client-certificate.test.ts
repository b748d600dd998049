import { afterAll, describe, expect, it } from "vitest";
import { InvalidCsrError, issueClientCertificate } from "./issue-client-certificate.ts";
import { generateP256KeyPair } from "./key-pair.ts";
import { createTestCa } from "./test-ca.ts";
import * as x509 from "./x509.ts";

const { ca, cleanup } = await createTestCa();
afterAll(cleanup);

describe("issueClientCertificate", () => {
  it("issues CN, clientAuth, SAN URI and a random 128-bit serial; not a CA", async () => {
    const issued = await issueClientCertificate(ca, {
      commonName: "dev-1",
      validityDays: 365,
      sanUris: ["urn:fleetwire:fleet:f1:device:dev-1"],
    });
    const cert = new x509.X509Certificate(issued.certPem);
    expect(cert.subject).toBe("CN=dev-1");
    expect(cert.issuer).toBe(ca.issuingCertificate.subject);
    expect(cert.getExtension(x509.ExtendedKeyUsageExtension)?.usages).toEqual([x509.ExtendedKeyUsage.clientAuth]);
    expect(cert.getExtension(x509.BasicConstraintsExtension)?.ca).toBe(false);
    expect(cert.getExtension(x509.SubjectAlternativeNameExtension)?.names.toJSON()).toEqual([
      { type: "url", value: "urn:fleetwire:fleet:f1:device:dev-1" },
    ]);
    expect(issued.serialNumber).toBe(cert.serialNumber);
    expect(issued.serialNumber.length).toBeGreaterThanOrEqual(28);
    expect(issued.keyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(Math.round((issued.notAfter.getTime() - Date.now()) / 86400e3)).toBe(365);
    const other = await issueClientCertificate(ca, { commonName: "dev-1", validityDays: 1 });
    expect(other.serialNumber).not.toBe(issued.serialNumber);
  });

  it("uses a given public key and a given serial", async () => {
    const keys = await generateP256KeyPair();
    const issued = await issueClientCertificate(ca, {
      commonName: "dev-2",
      publicKey: keys.publicKey,
      validityDays: 10,
      serial: "7f00aa",
    });
    expect(issued.keyPem).toBeUndefined();
    expect(issued.serialNumber).toBe("7f00aa");
  });

  it("refuses a malformed CSR, a CSR with a bad signature, and a validity past the CA", async () => {
    await expect(issueClientCertificate(ca, { commonName: "x", csr: "garbage", validityDays: 1 })).rejects.toThrow(
      InvalidCsrError,
    );
    const keys = await generateP256KeyPair();
    const csr = await x509.Pkcs10CertificateRequestGenerator.create({
      name: "CN=x",
      keys,
      signingAlgorithm: { name: "ECDSA", hash: "SHA-256" },
    });
    const der = new Uint8Array(csr.rawData);
    der[der.length - 5] = (der[der.length - 5] ?? 0) ^ 0xff;
    await expect(issueClientCertificate(ca, { commonName: "x", csr: der, validityDays: 1 })).rejects.toThrow(
      InvalidCsrError,
    );
    await expect(issueClientCertificate(ca, { commonName: "x", validityDays: 20 * 365 })).rejects.toThrow(RangeError);
  });
});
