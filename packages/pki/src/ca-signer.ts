import type { Crypto, CryptoKey } from "./web-crypto.ts";
import type { X509Certificate } from "./x509.ts";

/**
 * What issuing a certificate or a CRL needs from the platform CA. Every issue-* function takes
 * this interface, never key files, so the signer can be swapped without touching them.
 *
 * KMS/HSM hook: the local implementation (ensurePlatformCa) holds the issuing key as a WebCrypto
 * CryptoKey decrypted from disk. A production deployment supplies its own CaSigner whose
 * `crypto` is a WebCrypto provider backed by the HSM or KMS (for example a PKCS#11 WebCrypto
 * implementation) and whose `signingKey` is a non-extractable handle living there; @peculiar/x509
 * signs through that provider, so the private key never enters this process.
 */
export interface CaSigner {
  /** The issuing CA certificate: issuer of every device, server and client certificate and the CRL. */
  readonly issuingCertificate: X509Certificate;
  readonly rootCertificate: X509Certificate;
  /** Issuing + root PEM, what a relying party (broker, device) trusts. */
  readonly chainPem: string;
  /** The issuing CA's private key (ECDSA P-256), usable only for signing. */
  readonly signingKey: CryptoKey;
  /** The WebCrypto implementation that owns `signingKey`. */
  readonly crypto: Crypto;
}

/** ECDSA P-256 with SHA-256: every key and signature of the platform CA. */
export const EC_KEY_ALGORITHM = { name: "ECDSA", namedCurve: "P-256" } as const;
export const EC_SIGNING_ALGORITHM = { name: "ECDSA", hash: "SHA-256" } as const;
