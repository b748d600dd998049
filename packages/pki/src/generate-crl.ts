import { AsnConvert } from "@peculiar/asn1-schema";
import { CRLNumber, id_ce_cRLNumber } from "@peculiar/asn1-x509";
import { type CaSigner, EC_SIGNING_ALGORITHM } from "./ca-signer.ts";
import { normalizeSerial } from "./random-serial.ts";
import * as x509 from "./x509.ts";

/** RFC 5280 CRLReason names, as operators pick them. */
export const CRL_REASONS = {
  unspecified: x509.X509CrlReason.unspecified,
  keyCompromise: x509.X509CrlReason.keyCompromise,
  cACompromise: x509.X509CrlReason.cACompromise,
  affiliationChanged: x509.X509CrlReason.affiliationChanged,
  superseded: x509.X509CrlReason.superseded,
  cessationOfOperation: x509.X509CrlReason.cessationOfOperation,
  certificateHold: x509.X509CrlReason.certificateHold,
  privilegeWithdrawn: x509.X509CrlReason.privilegeWithdrawn,
} as const;
export type CrlReason = keyof typeof CRL_REASONS;

export interface RevokedCertificate {
  serial: string;
  revokedAt: Date;
  reason: CrlReason;
}

export interface GeneratedCrl {
  pem: string;
  der: Buffer;
  thisUpdate: Date;
  nextUpdate: Date;
  crlNumber: number;
}

/**
 * An X.509 v2 CRL signed by the issuing CA. A relying party rejects every client once nextUpdate
 * has passed, so whoever owns revocation must regenerate it well before then.
 */
export async function generateCrl(
  ca: CaSigner,
  revoked: readonly RevokedCertificate[],
  options: { nextUpdateHours: number; now?: Date; crlNumber?: number },
): Promise<GeneratedCrl> {
  if (!(options.nextUpdateHours > 0)) throw new RangeError("nextUpdateHours must be positive");
  const thisUpdate = options.now ?? new Date();
  const nextUpdate = new Date(thisUpdate.getTime() + options.nextUpdateHours * 3600 * 1000);
  // Seconds since the epoch: increases with every CRL without keeping a counter anywhere.
  const crlNumber = options.crlNumber ?? Math.floor(thisUpdate.getTime() / 1000);
  const crl = await x509.X509CrlGenerator.create(
    {
      issuer: ca.issuingCertificate.subjectName,
      thisUpdate,
      nextUpdate,
      signingKey: ca.signingKey,
      signingAlgorithm: EC_SIGNING_ALGORITHM,
      extensions: [
        await x509.AuthorityKeyIdentifierExtension.create(ca.issuingCertificate.publicKey, false, ca.crypto),
        new x509.Extension(id_ce_cRLNumber, false, AsnConvert.serialize(new CRLNumber(crlNumber))),
      ],
      entries: dedupe(revoked).map((r) => ({
        serialNumber: r.serial,
        revocationDate: r.revokedAt,
        // An entry reason of "unspecified" is to be left out (RFC 5280 5.3.1).
        ...(r.reason === "unspecified" ? {} : { reason: CRL_REASONS[r.reason] }),
      })),
    },
    ca.crypto,
  );
  const der = Buffer.from(crl.rawData);
  // RFC 7468 labels a CRL "X509 CRL"; the library writes "CRL", which OpenSSL refuses to load.
  return { pem: `${x509.PemConverter.encode(der, "X509 CRL")}\n`, der, thisUpdate, nextUpdate, crlNumber };
}

/** The same certificate revoked twice (a retried request) must not break CRL generation. */
function dedupe(revoked: readonly RevokedCertificate[]): RevokedCertificate[] {
  const bySerial = new Map<string, RevokedCertificate>();
  for (const r of revoked) {
    const key = normalizeSerial(r.serial);
    if (!bySerial.has(key)) bySerial.set(key, { ...r, serial: key });
  }
  return [...bySerial.values()];
}

/** Reads back the entries of an existing CRL, so it can be re-signed with fresh dates. */
export function readCrlEntries(pemOrDer: string | Uint8Array<ArrayBuffer>): RevokedCertificate[] {
  const crl = new x509.X509Crl(pemOrDer);
  const names = Object.fromEntries(Object.entries(CRL_REASONS).map(([k, v]) => [v, k])) as Record<number, CrlReason>;
  return crl.entries.map((e) => ({
    serial: e.serialNumber,
    revokedAt: e.revocationDate,
    reason: e.reason === undefined ? "unspecified" : (names[e.reason] ?? "unspecified"),
  }));
}
