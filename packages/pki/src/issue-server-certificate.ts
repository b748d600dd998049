import { isIP } from "node:net";
import type { CaSigner } from "./ca-signer.ts";
import { exportPrivateKeyPem, generateP256KeyPair } from "./key-pair.ts";
import { signLeafCertificate } from "./sign-leaf-certificate.ts";
import * as x509 from "./x509.ts";

export interface IssueServerCertificateRequest {
  commonName: string;
  dnsNames?: string[];
  ipAddresses?: string[];
  /** Default 397 days, the longest lifetime TLS clients still accept for a server certificate. */
  validityDays?: number;
}

export interface IssuedServerCertificate {
  certPem: string;
  keyPem: string;
  /** Issuing + root: what clients trust; a server sends certPem + the issuing CA PEM. */
  chainPem: string;
  serialNumber: string;
  notAfter: Date;
}

/** A TLS server certificate (broker, device HTTPS endpoint) with a fresh P-256 key. */
export async function issueServerCertificate(
  ca: CaSigner,
  request: IssueServerCertificateRequest,
): Promise<IssuedServerCertificate> {
  const keys = await generateP256KeyPair(ca.crypto);
  const dnsNames = unique(request.dnsNames ?? []);
  const ipAddresses = unique(request.ipAddresses ?? []);
  for (const ip of ipAddresses) if (!isIP(ip)) throw new TypeError(`not an IP address: ${ip}`);
  const certificate = await signLeafCertificate(ca, {
    commonName: request.commonName,
    publicKey: keys.publicKey,
    validityDays: request.validityDays ?? 397,
    extendedKeyUsage: [x509.ExtendedKeyUsage.serverAuth],
    subjectAltNames: [
      ...dnsNames.map((value) => ({ type: "dns" as const, value })),
      ...ipAddresses.map((value) => ({ type: "ip" as const, value })),
    ],
  });
  return {
    certPem: `${certificate.toString("pem")}\n`,
    keyPem: await exportPrivateKeyPem(keys.privateKey, ca.crypto),
    chainPem: ca.chainPem,
    serialNumber: certificate.serialNumber,
    notAfter: certificate.notAfter,
  };
}

function unique(values: string[]): string[] {
  return [...new Set(values.map((v) => v.trim()).filter(Boolean))];
}
