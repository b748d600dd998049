import { createHash } from "node:crypto";
import { AppError } from "@fleetwire/core";
import { BasicConstraintsExtension, KeyUsageFlags, KeyUsagesExtension, X509Certificate } from "./x509.ts";

export interface ParsedCaCertificate {
  pem: string;
  subject: string;
  commonName: string | null;
  /** sha256 hex of the DER. */
  fingerprint: string;
  notBefore: Date;
  notAfter: Date;
}

const bad = (message: string) => new AppError("BAD_REQUEST", message, { field: "pem" });

/**
 * One PEM CA certificate, checked for what provisioning relies on: it is a CA (basicConstraints
 * cA=true), may sign certificates (keyUsage keyCertSign when keyUsage is present), and has not
 * expired. Refuses a PEM carrying a private key: that must never leave the manufacturer.
 */
export function parseCaCertificate(pem: string, now = new Date()): ParsedCaCertificate {
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem)) {
    throw bad("the PEM contains a private key: upload only the CA certificate");
  }
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----/g)?.length ?? 0;
  if (blocks === 0) throw bad("not a PEM certificate: expected a -----BEGIN CERTIFICATE----- block");
  if (blocks > 1) throw bad(`the PEM holds ${blocks} certificates: upload one CA certificate at a time`);

  let cert: X509Certificate;
  try {
    cert = new X509Certificate(pem.trim());
  } catch (error) {
    throw bad(`the certificate cannot be parsed: ${(error as Error).message}`);
  }
  const constraints = cert.getExtension(BasicConstraintsExtension);
  if (!constraints?.ca) {
    throw bad(
      `not a CA certificate: ${constraints ? "basicConstraints cA is false" : "it has no basicConstraints extension"} (subject ${cert.subject})`,
    );
  }
  const usage = cert.getExtension(KeyUsagesExtension);
  if (usage && (usage.usages & KeyUsageFlags.keyCertSign) === 0) {
    throw bad(`the CA certificate's keyUsage does not allow keyCertSign (subject ${cert.subject})`);
  }
  if (cert.notAfter <= now) {
    throw bad(`the CA certificate expired on ${cert.notAfter.toISOString()} (subject ${cert.subject})`);
  }
  const commonName = cert.subjectName.getField("CN")[0] ?? null;
  return {
    pem: cert.toString("pem"),
    subject: cert.subject,
    commonName,
    fingerprint: createHash("sha256").update(Buffer.from(cert.rawData)).digest("hex"),
    notBefore: cert.notBefore,
    notAfter: cert.notAfter,
  };
}
