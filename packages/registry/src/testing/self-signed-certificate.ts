import { randomBytes } from "node:crypto";
import * as x509 from "../x509.ts";

const ALGORITHM = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;
const DAY_MS = 86_400_000;

/**
 * A self-signed certificate for tests: a manufacturer CA (`ca: true`) or, to prove it is refused,
 * an end-entity certificate. `expired: true` makes one whose validity ended yesterday.
 */
export async function makeSelfSignedCertificate(
  options: { commonName?: string; ca?: boolean; expired?: boolean; keyUsage?: number } = {},
): Promise<string> {
  const keys = await globalThis.crypto.subtle.generateKey(ALGORITHM, true, ["sign", "verify"]);
  const now = Date.now();
  const notAfter = new Date(options.expired ? now - DAY_MS : now + 365 * DAY_MS);
  const extensions: x509.Extension[] = [new x509.BasicConstraintsExtension(options.ca ?? true, undefined, true)];
  if (options.keyUsage !== undefined) extensions.push(new x509.KeyUsagesExtension(options.keyUsage, true));
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomBytes(16)
      .toString("hex")
      .replace(/^[89a-f]/, "1"),
    name: `CN=${options.commonName ?? `Test Manufacturer ${randomBytes(3).toString("hex")}`}, O=Fleetwire Tests`,
    notBefore: new Date(now - 2 * DAY_MS),
    notAfter,
    keys,
    signingAlgorithm: ALGORITHM,
    extensions,
  });
  return cert.toString("pem");
}
