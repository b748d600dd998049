import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createIssuingCaCertificate, createRootCaCertificate } from "./ca-certificates.ts";
import { type CaSigner, EC_KEY_ALGORITHM } from "./ca-signer.ts";
import { withFileLock } from "./file-lock.ts";
import { exportPrivateKeyPkcs8, generateP256KeyPair, importSigningKey } from "./key-pair.ts";
import { type PkiConfig, platformCaPaths } from "./platform-ca-paths.ts";
import { decryptPrivateKey, encryptPrivateKey } from "./private-key-encryption.ts";
import { loadSecretKey } from "./secret-key.ts";
import type { Crypto } from "./web-crypto.ts";
import * as x509 from "./x509.ts";

/**
 * The local platform CA: created on first start, loaded on every later one. Certificates are PEM;
 * private keys are PKCS#8 sealed with AES-256-GCM under the configured secret key. The root key
 * is only needed to create the issuing CA; a production deployment would keep it offline and
 * provide the issuing key through a KMS/HSM-backed CaSigner (see ca-signer.ts).
 */
export async function ensurePlatformCa(config: PkiConfig, crypto: Crypto = globalThis.crypto): Promise<CaSigner> {
  const paths = platformCaPaths(config);
  const secretKey = loadSecretKey(config);
  // The folder stays readable: the broker reads the chain and CRL here; key files themselves are 0600.
  mkdirSync(paths.dir, { recursive: true });
  return withFileLock(paths.lock, async () => {
    if (!existsSync(paths.rootCert)) await createRoot(paths, secretKey, crypto);
    const rootCertificate = new x509.X509Certificate(readFileSync(paths.rootCert, "utf8"));
    if (!existsSync(paths.issuingCert)) await createIssuing(paths, rootCertificate, secretKey, crypto);
    const issuingCertificate = new x509.X509Certificate(readFileSync(paths.issuingCert, "utf8"));

    const pkcs8 = decryptPrivateKey(readFileSync(paths.issuingKey, "utf8"), secretKey, "issuing-ca");
    const signingKey = await importSigningKey(pkcs8, crypto);
    const chainPem = `${issuingCertificate.toString("pem")}\n${rootCertificate.toString("pem")}\n`;
    if (!existsSync(paths.chain) || readFileSync(paths.chain, "utf8") !== chainPem)
      writeAtomic(paths.chain, chainPem, 0o644);
    return { issuingCertificate, rootCertificate, chainPem, signingKey, crypto };
  });
}

type Paths = ReturnType<typeof platformCaPaths>;

async function createRoot(paths: Paths, secretKey: Buffer, crypto: Crypto) {
  const keys = await generateP256KeyPair(crypto);
  const certificate = await createRootCaCertificate(keys, crypto);
  // Key before certificate: a certificate on disk always has its key beside it.
  writeAtomic(
    paths.rootKey,
    encryptPrivateKey(await exportPrivateKeyPkcs8(keys.privateKey, crypto), secretKey, "root-ca"),
    0o600,
  );
  writeAtomic(paths.rootCert, `${certificate.toString("pem")}\n`, 0o644);
}

async function createIssuing(paths: Paths, root: x509.X509Certificate, secretKey: Buffer, crypto: Crypto) {
  const rootPkcs8 = decryptPrivateKey(readFileSync(paths.rootKey, "utf8"), secretKey, "root-ca");
  const rootKey = await crypto.subtle.importKey("pkcs8", rootPkcs8, EC_KEY_ALGORITHM, false, ["sign"]);
  const keys = await generateP256KeyPair(crypto);
  const certificate = await createIssuingCaCertificate(
    { certificate: root, privateKey: rootKey },
    keys.publicKey,
    crypto,
  );
  writeAtomic(
    paths.issuingKey,
    encryptPrivateKey(await exportPrivateKeyPkcs8(keys.privateKey, crypto), secretKey, "issuing-ca"),
    0o600,
  );
  writeAtomic(paths.issuingCert, `${certificate.toString("pem")}\n`, 0o644);
}

/** Write to a temporary name and rename, so a crash never leaves half a PEM behind. */
export function writeAtomic(file: string, content: string | Uint8Array, mode: number) {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, content, { mode });
  chmodSync(tmp, mode);
  renameSync(tmp, file);
}
