/**
 * @fleetwire/pki: the platform CA.
 *
 * - ensurePlatformCa(config) creates (first start) or loads the ECDSA P-256 root (10 y) and issuing
 *   CA (5 y, pathLen 0) under config.pki.dir and writes config.pki.caChainPath.
 * - Private keys are PKCS#8 sealed with AES-256-GCM under FLEETWIRE_SECRET_KEY (32 bytes hex).
 *   Without it a key is generated into <stateDir>/secret.key (0600): local development only.
 *   Production must set FLEETWIRE_SECRET_KEY from a secret store, or better use a KMS/HSM.
 * - KMS/HSM hook: every issuing function takes a CaSigner (ca-signer.ts). Supply one whose
 *   `crypto` is a WebCrypto provider backed by the KMS/HSM and whose `signingKey` lives there;
 *   nothing else changes. The root key is needed only to create the issuing CA: keep it offline.
 * - Interoperability is checked with openssl in openssl-interop.test.ts.
 */
export * from "./ca-signer.ts";
export * from "./create-csr.ts";
export * from "./ensure-crl-file.ts";
export * from "./ensure-platform-ca.ts";
export * from "./generate-crl.ts";
export * from "./issue-client-certificate.ts";
export * from "./issue-server-certificate.ts";
export * from "./key-pair.ts";
export * from "./platform-ca-paths.ts";
export * from "./private-key-encryption.ts";
export * from "./random-serial.ts";
export * from "./seal-secret.ts";
export * from "./secret-key.ts";
export * from "./test-manufacturer-ca.ts";
export * from "./verify-certificate-chain.ts";
export { PemConverter, Pkcs10CertificateRequest, X509Certificate, X509Crl } from "./x509.ts";
