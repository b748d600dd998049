import type { TLSSocket } from "node:tls";
import { AppError } from "@fleetwire/core";
import type { PrismaClient } from "@fleetwire/db";
import { type CaSigner, normalizeSerial, verifyCertificateChain } from "@fleetwire/pki";
import { peerCertificates } from "./peer-certificates.ts";

/**
 * The device behind a mutual-TLS request to the device endpoint: its operational certificate must
 * chain to the platform CA, be within its validity, be recorded for the device its CN names and
 * not revoked, and the device must not be revoked or suspended. 401 or 403 with a reason otherwise.
 */
export async function authenticateDevice(
  deps: { prisma: PrismaClient; ca: CaSigner },
  socket: TLSSocket,
): Promise<{ deviceId: string; fleetId: string }> {
  const { certificate } = peerCertificates(socket);
  if (!certificate) {
    throw new AppError("UNAUTHENTICATED", "present the device's operational certificate in mutual TLS", {
      reason: "no_client_certificate",
    });
  }
  const verdict = await verifyCertificateChain(certificate, {
    anchors: [{ id: "platform", certificate: deps.ca.issuingCertificate }],
  });
  if (!verdict.ok) {
    throw new AppError("UNAUTHENTICATED", `certificate refused: ${verdict.message}`, {
      reason: verdict.reason === "untrusted" ? "not_a_platform_certificate" : `certificate_${verdict.reason}`,
    });
  }
  const row = await deps.prisma.deviceCertificate.findUnique({
    where: { serial: normalizeSerial(certificate.serialNumber) },
    select: { deviceId: true, revokedAt: true, device: { select: { status: true, fleetId: true } } },
  });
  if (!row || row.deviceId !== verdict.commonName) {
    throw new AppError("UNAUTHENTICATED", "the certificate is not a registered device certificate", {
      reason: "unknown_certificate",
    });
  }
  if (row.revokedAt) throw new AppError("FORBIDDEN", "the certificate has been revoked", { reason: "revoked" });
  if (row.device.status === "revoked" || row.device.status === "suspended") {
    throw new AppError("FORBIDDEN", `device ${row.deviceId} is ${row.device.status}`, {
      reason: `device_${row.device.status}`,
    });
  }
  return { deviceId: row.deviceId, fleetId: row.device.fleetId };
}
