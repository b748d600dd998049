import { createHash } from "node:crypto";
import { AppError } from "@fleetwire/core";
import type { Prisma } from "@fleetwire/db";
import { InvalidCsrError, issueClientCertificate, PemConverter } from "@fleetwire/pki";
import { crlUrl, deviceSanUri, type IdentityDeps } from "./identity-deps.ts";

export interface OperationalCertificate {
  certPem: string;
  keyPem?: string;
  serial: string;
  fingerprint: string;
  notBefore: Date;
  notAfter: Date;
}

/**
 * Signs a device's operational certificate: CN = device id, SAN URI naming fleet and device, EKU
 * clientAuth, 128-bit random serial, the configured validity and the CRL distribution point.
 * With a CSR the device keeps its key; without one a key is generated and returned once.
 */
export async function signOperationalCertificate(
  deps: Pick<IdentityDeps, "ca" | "config">,
  input: { deviceId: string; fleetId: string; csr?: string },
): Promise<OperationalCertificate> {
  try {
    const issued = await issueClientCertificate(deps.ca, {
      commonName: input.deviceId,
      validityDays: deps.config.pki.deviceCertDays,
      sanUris: [deviceSanUri(input.fleetId, input.deviceId)],
      crlDistributionPoints: [crlUrl(deps.config)],
      ...(input.csr ? { csr: input.csr } : {}),
    });
    const der = PemConverter.decode(issued.certPem)[0] ?? new ArrayBuffer(0);
    return {
      certPem: issued.certPem,
      ...(issued.keyPem ? { keyPem: issued.keyPem } : {}),
      serial: issued.serialNumber,
      fingerprint: createHash("sha256").update(Buffer.from(der)).digest("hex"),
      notBefore: issued.notBefore,
      notAfter: issued.notAfter,
    };
  } catch (error) {
    if (error instanceof InvalidCsrError) {
      throw new AppError("BAD_REQUEST", `malformed CSR: ${error.message}`, { reason: "malformed_csr" });
    }
    throw error;
  }
}

/** Records a new certificate and supersedes the device's earlier unrevoked ones, in the caller's transaction. */
export async function recordOperationalCertificate(
  tx: Prisma.TransactionClient,
  deviceId: string,
  cert: OperationalCertificate,
  now: Date,
): Promise<string[]> {
  const previous = await tx.deviceCertificate.findMany({
    where: { deviceId, revokedAt: null },
    select: { serial: true },
  });
  if (previous.length > 0) {
    await tx.deviceCertificate.updateMany({
      where: { deviceId, revokedAt: null },
      data: { revokedAt: now, revocationReason: 4 /* superseded */ },
    });
  }
  await tx.deviceCertificate.create({
    data: {
      serial: cert.serial,
      deviceId,
      fingerprint: cert.fingerprint,
      pem: cert.certPem,
      issuedAt: cert.notBefore,
      expiresAt: cert.notAfter,
    },
  });
  return previous.map((p) => p.serial);
}
