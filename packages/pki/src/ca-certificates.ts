import { EC_SIGNING_ALGORITHM } from "./ca-signer.ts";
import { randomSerialHex } from "./random-serial.ts";
import type { Crypto, CryptoKey, CryptoKeyPair } from "./web-crypto.ts";
import * as x509 from "./x509.ts";

const YEAR_MS = 365.25 * 24 * 3600 * 1000;

export const ROOT_CA_NAME: x509.JsonName = [{ CN: ["Fleetwire Root CA"] }, { O: ["Fleetwire"] }];
export const ISSUING_CA_NAME: x509.JsonName = [{ CN: ["Fleetwire Issuing CA"] }, { O: ["Fleetwire"] }];

const CA_KEY_USAGE = x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign;

/** Self-signed root, 10 years, no path length limit of its own (the issuing CA carries pathLen 0). */
export async function createRootCaCertificate(keys: CryptoKeyPair, crypto: Crypto, now = new Date()) {
  return x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: randomSerialHex(),
      name: ROOT_CA_NAME,
      notBefore: now,
      notAfter: new Date(now.getTime() + 10 * YEAR_MS),
      keys,
      signingAlgorithm: EC_SIGNING_ALGORITHM,
      extensions: [
        new x509.BasicConstraintsExtension(true, undefined, true),
        new x509.KeyUsagesExtension(CA_KEY_USAGE, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
      ],
    },
    crypto,
  );
}

/** Issuing CA, 5 years, pathLen 0: it signs end-entity certificates and CRLs, never another CA. */
export async function createIssuingCaCertificate(
  root: { certificate: x509.X509Certificate; privateKey: CryptoKey },
  publicKey: CryptoKey,
  crypto: Crypto,
  now = new Date(),
) {
  const notAfter = new Date(Math.min(now.getTime() + 5 * YEAR_MS, root.certificate.notAfter.getTime()));
  return x509.X509CertificateGenerator.create(
    {
      serialNumber: randomSerialHex(),
      subject: ISSUING_CA_NAME,
      issuer: root.certificate.subjectName,
      notBefore: now,
      notAfter,
      publicKey,
      signingKey: root.privateKey,
      signingAlgorithm: EC_SIGNING_ALGORITHM,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(CA_KEY_USAGE, true),
        await x509.SubjectKeyIdentifierExtension.create(publicKey, false, crypto),
        await x509.AuthorityKeyIdentifierExtension.create(root.certificate.publicKey, false, crypto),
      ],
    },
    crypto,
  );
}
