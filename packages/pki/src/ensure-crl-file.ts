import { existsSync, readFileSync } from "node:fs";
import type { CaSigner } from "./ca-signer.ts";
import { writeAtomic } from "./ensure-platform-ca.ts";
import { generateCrl, readCrlEntries } from "./generate-crl.ts";
import { type PkiConfig, platformCaPaths } from "./platform-ca-paths.ts";
import * as x509 from "./x509.ts";

/**
 * Makes sure <pki>/crl.pem exists and is not about to pass its nextUpdate, because a broker that
 * holds an expired CRL refuses every device. A missing CRL becomes an empty one; a CRL close to
 * expiry is re-signed with the same entries, so this never drops a revocation. Whoever records
 * revocations (the control plane) writes the authoritative CRL with generateCrl.
 */
export async function ensureCrlFile(
  config: Pick<PkiConfig, "pki">,
  ca: CaSigner,
  { nextUpdateHours = 7 * 24, refreshWithinHours = 24, now = new Date() } = {},
): Promise<{ path: string; action: "kept" | "created" | "refreshed"; nextUpdate: Date }> {
  const file = platformCaPaths(config).crlPem;
  let entries: ReturnType<typeof readCrlEntries> = [];
  let action: "created" | "refreshed" = "created";
  if (existsSync(file)) {
    const pem = readFileSync(file, "utf8");
    const current = new x509.X509Crl(pem);
    const sameIssuer =
      current.issuer === ca.issuingCertificate.subject && (await current.verify({ publicKey: ca.issuingCertificate }));
    const deadline = now.getTime() + refreshWithinHours * 3600 * 1000;
    if (sameIssuer && current.nextUpdate && current.nextUpdate.getTime() > deadline) {
      return { path: file, action: "kept", nextUpdate: current.nextUpdate };
    }
    // A CRL from another (earlier) CA says nothing about this CA's certificates.
    if (sameIssuer) entries = readCrlEntries(pem);
    action = "refreshed";
  }
  const crl = await generateCrl(ca, entries, { nextUpdateHours, now });
  writeAtomic(file, crl.pem, 0o644);
  return { path: file, action, nextUpdate: crl.nextUpdate };
}
