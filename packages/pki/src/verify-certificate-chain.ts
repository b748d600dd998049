import * as x509 from "./x509.ts";

export interface TrustAnchor {
  id: string;
  certificate: x509.X509Certificate;
}

export type ChainVerification =
  | { ok: true; anchorId: string; commonName: string | undefined; chain: x509.X509Certificate[] }
  | { ok: false; reason: ChainFailure; message: string };

export type ChainFailure = "expired" | "not_yet_valid" | "untrusted" | "not_a_client_certificate";

const MAX_INTERMEDIATES = 4;

/**
 * Verifies a TLS client certificate against a set of trust anchors (e.g. the manufacturer CAs
 * trusted for one device model), optionally through intermediates the client presented. Done
 * here rather than by the TLS stack because the anchors differ per request (per model/fleet)
 * and because the caller needs the precise reason to answer and audit.
 */
export async function verifyCertificateChain(
  leaf: x509.X509Certificate,
  options: { anchors: readonly TrustAnchor[]; intermediates?: readonly x509.X509Certificate[]; now?: Date },
): Promise<ChainVerification> {
  const now = options.now ?? new Date();
  if (leaf.notAfter < now) {
    return { ok: false, reason: "expired", message: `the certificate expired at ${leaf.notAfter.toISOString()}` };
  }
  if (leaf.notBefore > now) {
    return {
      ok: false,
      reason: "not_yet_valid",
      message: `the certificate is not valid before ${leaf.notBefore.toISOString()}`,
    };
  }
  const eku = leaf.getExtension(x509.ExtendedKeyUsageExtension);
  if (eku && !eku.usages.includes(x509.ExtendedKeyUsage.clientAuth)) {
    return { ok: false, reason: "not_a_client_certificate", message: "the certificate is not for TLS client use" };
  }
  const chain = [leaf];
  let current = leaf;
  for (let depth = 0; depth <= MAX_INTERMEDIATES; depth++) {
    for (const anchor of options.anchors) {
      if (await issuedBy(current, anchor.certificate, now)) {
        return { ok: true, anchorId: anchor.id, commonName: commonNameOf(leaf), chain };
      }
    }
    let next: x509.X509Certificate | undefined;
    for (const candidate of options.intermediates ?? []) {
      if (!chain.includes(candidate) && (await issuedBy(current, candidate, now))) {
        next = candidate;
        break;
      }
    }
    if (!next) break;
    chain.push(next);
    current = next;
  }
  return {
    ok: false,
    reason: "untrusted",
    message: `the certificate (issuer "${current.issuer}") does not chain to a trusted CA`,
  };
}

/** `issuer` is a CA, valid now, named as the issuer of `cert`, and its key signed `cert`. */
async function issuedBy(cert: x509.X509Certificate, issuer: x509.X509Certificate, now: Date): Promise<boolean> {
  if (cert.issuer !== issuer.subject) return false;
  if (issuer.notBefore > now || issuer.notAfter < now) return false;
  const bc = issuer.getExtension(x509.BasicConstraintsExtension);
  if (!bc?.ca) return false;
  const ku = issuer.getExtension(x509.KeyUsagesExtension);
  if (ku && !(ku.usages & x509.KeyUsageFlags.keyCertSign)) return false;
  try {
    return await cert.verify({ publicKey: issuer.publicKey, signatureOnly: true });
  } catch {
    return false;
  }
}

export function commonNameOf(cert: x509.X509Certificate): string | undefined {
  return cert.subjectName.getField("CN")[0];
}
