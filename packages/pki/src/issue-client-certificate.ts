import type { CaSigner } from "./ca-signer.ts";
import { exportPrivateKeyPem, generateP256KeyPair } from "./key-pair.ts";
import { signLeafCertificate } from "./sign-leaf-certificate.ts";
import type { CryptoKey } from "./web-crypto.ts";
import * as x509 from "./x509.ts";

export interface IssueClientCertificateRequest {
  commonName: string;
  /** The subject's public key (CryptoKey or SPKI PEM). */
  publicKey?: CryptoKey | string;
  /** A PKCS#10 request (PEM or DER); its signature is checked, its subject is ignored. */
  csr?: string | Uint8Array<ArrayBuffer>;
  validityDays: number;
  /** e.g. urn:fleetwire:fleet:<id>:device:<id> (issue 3). */
  sanUris?: string[];
  serial?: string;
  /** URLs of the CRL that covers this certificate (CRL Distribution Points extension). */
  crlDistributionPoints?: string[];
}

export interface IssuedClientCertificate {
  certPem: string;
  /** Only when neither publicKey nor csr was given and a key was generated here. */
  keyPem?: string;
  chainPem: string;
  /** Canonical hex (lowercase, no leading zero byte), as it appears in the CRL. */
  serialNumber: string;
  notBefore: Date;
  notAfter: Date;
}

/** A TLS client certificate (EKU clientAuth) for a device or a test client. */
export async function issueClientCertificate(
  ca: CaSigner,
  request: IssueClientCertificateRequest,
): Promise<IssuedClientCertificate> {
  const { publicKey, keyPem } = await resolvePublicKey(ca, request);
  const certificate = await signLeafCertificate(ca, {
    commonName: request.commonName,
    publicKey,
    validityDays: request.validityDays,
    extendedKeyUsage: [x509.ExtendedKeyUsage.clientAuth],
    subjectAltNames: (request.sanUris ?? []).map((value) => ({ type: "url" as const, value })),
    ...(request.serial ? { serial: request.serial } : {}),
    ...(request.crlDistributionPoints ? { crlDistributionPoints: request.crlDistributionPoints } : {}),
  });
  return {
    certPem: `${certificate.toString("pem")}\n`,
    ...(keyPem ? { keyPem } : {}),
    chainPem: ca.chainPem,
    serialNumber: certificate.serialNumber,
    notBefore: certificate.notBefore,
    notAfter: certificate.notAfter,
  };
}

async function resolvePublicKey(ca: CaSigner, request: IssueClientCertificateRequest) {
  if (request.csr && request.publicKey) throw new TypeError("give either a csr or a publicKey, not both");
  if (request.csr) {
    const csr = parseCsr(request.csr);
    // Proof of possession: only the holder of the private key could have signed the request.
    if (!(await csr.verify(ca.crypto))) throw new InvalidCsrError("the CSR signature does not verify");
    return { publicKey: csr.publicKey };
  }
  if (typeof request.publicKey === "string") return { publicKey: new x509.PublicKey(request.publicKey) };
  if (request.publicKey) return { publicKey: request.publicKey };
  const keys = await generateP256KeyPair(ca.crypto);
  return { publicKey: keys.publicKey, keyPem: await exportPrivateKeyPem(keys.privateKey, ca.crypto) };
}

function parseCsr(csr: string | Uint8Array<ArrayBuffer>): x509.Pkcs10CertificateRequest {
  try {
    return new x509.Pkcs10CertificateRequest(csr);
  } catch (error) {
    throw new InvalidCsrError(`not a PKCS#10 certificate request: ${(error as Error).message}`);
  }
}

export class InvalidCsrError extends Error {
  override readonly name = "InvalidCsrError";
}
