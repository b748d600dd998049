import path from "node:path";
import type { PlatformConfig } from "@fleetwire/config";

export type PkiConfig = Pick<PlatformConfig, "stateDir" | "secretKeyHex" | "pki">;

/** Where the local platform CA lives under <stateDir>/pki. The chain path comes from config. */
export function platformCaPaths(config: Pick<PlatformConfig, "pki">) {
  const dir = config.pki.dir;
  return {
    dir,
    rootCert: path.join(dir, "root-ca.pem"),
    rootKey: path.join(dir, "root-ca.key.enc.json"),
    issuingCert: path.join(dir, "issuing-ca.pem"),
    issuingKey: path.join(dir, "issuing-ca.key.enc.json"),
    chain: config.pki.caChainPath,
    /** The current CRL of the issuing CA; brokers and the HTTP CRL endpoint read it. */
    crlPem: path.join(dir, "crl.pem"),
    lock: path.join(dir, ".lock"),
  };
}
