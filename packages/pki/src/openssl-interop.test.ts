import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generateCrl } from "./generate-crl.ts";
import { issueClientCertificate } from "./issue-client-certificate.ts";
import { issueServerCertificate } from "./issue-server-certificate.ts";
import { createTestCa } from "./test-ca.ts";

// Interoperability with an independent X.509 implementation: whatever we issue, OpenSSL
// (and so Mosquitto, curl and most device stacks) must read the same way.
const { ca, config, cleanup } = await createTestCa();
afterAll(cleanup);
const dir = config.stateDir;
const chain = config.pki.caChainPath;

function file(name: string, content: string | Uint8Array): string {
  const p = path.join(dir, name);
  writeFileSync(p, content);
  return p;
}

function openssl(...args: string[]) {
  const r = spawnSync("openssl", args, { encoding: "utf8" });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe("openssl accepts what the platform CA issues", () => {
  it("verifies a client certificate against the chain (purpose sslclient)", async () => {
    const issued = await issueClientCertificate(ca, { commonName: "dev-1", validityDays: 30 });
    const r = openssl("verify", "-CAfile", chain, "-purpose", "sslclient", file("dev-1.pem", issued.certPem));
    expect(r.out).toContain(": OK");
    expect(r.status).toBe(0);
  });

  it("verifies a server certificate for its IP and host name", async () => {
    const issued = await issueServerCertificate(ca, {
      commonName: "broker.local",
      dnsNames: ["broker.local", "localhost"],
      ipAddresses: ["127.0.0.1"],
      validityDays: 30,
    });
    const cert = file("server.pem", issued.certPem);
    const byIp = openssl("verify", "-CAfile", chain, "-purpose", "sslserver", "-verify_ip", "127.0.0.1", cert);
    expect(byIp.status).toBe(0);
    expect(openssl("verify", "-CAfile", chain, "-verify_hostname", "localhost", cert).status).toBe(0);
    expect(openssl("verify", "-CAfile", chain, "-verify_hostname", "evil.example", cert).status).not.toBe(0);
    // The key belongs to the certificate.
    const certKey = execFileSync("openssl", ["x509", "-in", cert, "-noout", "-pubkey"], { encoding: "utf8" });
    const keyPub = execFileSync("openssl", ["pkey", "-in", file("server.key", issued.keyPem), "-pubout"], {
      encoding: "utf8",
    });
    expect(keyPub).toBe(certKey);
  });

  it("signs an openssl-made CSR without ever seeing the private key", async () => {
    const key = path.join(dir, "csr.key");
    const csrFile = path.join(dir, "req.csr");
    execFileSync("openssl", [
      ...["req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"],
      ...["-keyout", key, "-out", csrFile, "-subj", "/CN=ignored-subject"],
    ]);
    const issued = await issueClientCertificate(ca, {
      commonName: "dev-csr",
      csr: readFileSync(csrFile, "utf8"),
      validityDays: 365,
      sanUris: ["urn:fleetwire:fleet:f1:device:dev-csr"],
    });
    expect(issued.keyPem).toBeUndefined();
    const cert = file("dev-csr.pem", issued.certPem);
    expect(openssl("verify", "-CAfile", chain, cert).status).toBe(0);
    const text = execFileSync("openssl", ["x509", "-in", cert, "-noout", "-text"], { encoding: "utf8" });
    expect(text).toContain("Subject: CN = dev-csr");
    expect(text).toContain("URI:urn:fleetwire:fleet:f1:device:dev-csr");
    expect(text).toContain("TLS Web Client Authentication");
    const certKey = execFileSync("openssl", ["x509", "-in", cert, "-noout", "-pubkey"], { encoding: "utf8" });
    expect(execFileSync("openssl", ["pkey", "-in", key, "-pubout"], { encoding: "utf8" })).toBe(certKey);
  });

  it("with the CRL, rejects the revoked certificate and still accepts the others", async () => {
    const revoked = await issueClientCertificate(ca, { commonName: "dev-revoked", validityDays: 30 });
    const kept = await issueClientCertificate(ca, { commonName: "dev-kept", validityDays: 30 });
    const crl = await generateCrl(
      ca,
      [{ serial: revoked.serialNumber, revokedAt: new Date(), reason: "keyCompromise" }],
      {
        nextUpdateHours: 24,
      },
    );
    const crlFile = file("crl.pem", crl.pem);
    const check = (cert: string) => openssl("verify", "-crl_check", "-CAfile", chain, "-CRLfile", crlFile, cert);

    const refused = check(file("revoked.pem", revoked.certPem));
    expect(refused.status).not.toBe(0);
    expect(refused.out).toContain("certificate revoked");
    expect(check(file("kept.pem", kept.certPem)).status).toBe(0);

    const text = openssl("crl", "-in", crlFile, "-noout", "-text").out;
    expect(text.replace(/:/g, "").toUpperCase()).toContain(`SERIAL NUMBER ${revoked.serialNumber.toUpperCase()}`);
    expect(text).toContain("Key Compromise");
    expect(text).toContain("Next Update");
    expect(text).toContain("X509v3 CRL Number");
    // Signature checks out against the chain, in PEM and in DER.
    expect(openssl("crl", "-in", crlFile, "-CAfile", chain, "-noout").out).toContain("verify OK");
    const der = openssl("crl", "-inform", "DER", "-in", file("crl.der", crl.der), "-CAfile", chain, "-noout");
    expect(der.out).toContain("verify OK");
  });
});
