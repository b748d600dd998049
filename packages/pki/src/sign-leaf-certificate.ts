import { type CaSigner, EC_SIGNING_ALGORITHM } from "./ca-signer.ts";
import { randomSerialHex } from "./random-serial.ts";
import type { CryptoKey } from "./web-crypto.ts";
import * as x509 from "./x509.ts";

/** Tolerates clocks a few minutes behind on devices and hosts that check the certificate. */
const BACKDATE_MS = 5 * 60 * 1000;
const DAY_MS = 24 * 3600 * 1000;

export interface LeafCertificateParams {
  commonName: string;
  publicKey: CryptoKey | x509.PublicKey;
  validityDays: number;
  extendedKeyUsage: x509.ExtendedKeyUsage[];
  subjectAltNames?: x509.JsonGeneralNames;
  /** CRL Distribution Point URLs (relying parties such as EMQX fetch the CRL from there). */
  crlDistributionPoints?: string[];
  /** Hex; a 128-bit random serial when absent. */
  serial?: string;
  now?: Date;
}

/** An end-entity certificate signed by the issuing CA: not a CA, digitalSignature (ECDSA), given EKUs. */
export async function signLeafCertificate(ca: CaSigner, params: LeafCertificateParams): Promise<x509.X509Certificate> {
  if (!(params.validityDays > 0)) throw new RangeError("validityDays must be positive");
  const now = params.now ?? new Date();
  const notAfter = new Date(now.getTime() + params.validityDays * DAY_MS);
  if (notAfter > ca.issuingCertificate.notAfter) {
    throw new RangeError(
      `validity ends after the issuing CA expires (${ca.issuingCertificate.notAfter.toISOString()})`,
    );
  }
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
    new x509.ExtendedKeyUsageExtension(params.extendedKeyUsage, false),
    await x509.SubjectKeyIdentifierExtension.create(params.publicKey, false, ca.crypto),
    await x509.AuthorityKeyIdentifierExtension.create(ca.issuingCertificate.publicKey, false, ca.crypto),
  ];
  if (params.subjectAltNames?.length) {
    extensions.push(new x509.SubjectAlternativeNameExtension(params.subjectAltNames, false));
  }
  if (params.crlDistributionPoints?.length) {
    extensions.push(new x509.CRLDistributionPointsExtension(params.crlDistributionPoints, false));
  }
  return x509.X509CertificateGenerator.create(
    {
      serialNumber: params.serial ?? randomSerialHex(),
      subject: [{ CN: [params.commonName] }],
      issuer: ca.issuingCertificate.subjectName,
      notBefore: new Date(now.getTime() - BACKDATE_MS),
      notAfter,
      publicKey: params.publicKey,
      signingKey: ca.signingKey,
      signingAlgorithm: EC_SIGNING_ALGORITHM,
      extensions,
    },
    ca.crypto,
  );
}
