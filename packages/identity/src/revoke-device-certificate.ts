import { type AuditActor, recordAudit } from "@fleetwire/access";
import { AppError } from "@fleetwire/core";
import type { Prisma } from "@fleetwire/db";
import { normalizeSerial } from "@fleetwire/pki";
import type { IdentityDeps } from "./identity-deps.ts";
import { publishCrl } from "./publish-crl.ts";
import { REVOCATION_REASONS, type TRevokeCertificateRequest } from "./schemas.ts";

export interface RevokeCertificateInput extends TRevokeCertificateRequest {
  deviceId: string;
  /** The operator behind the call (operator id; an API token's operator). */
  actor: AuditActor;
  sourceIp?: string;
}

/**
 * Revokes one certificate of a device (by serial) or all its unrevoked certificates (issue 3,
 * item 6): revoked_at/reason/revoked_by in one transaction, then a freshly signed CRL (stored, and
 * applied by the broker), the device's live MQTT session dropped, the ingest processes notified,
 * and who/when/why in the audit log. A device left with no usable credential becomes `revoked`.
 */
export async function revokeDeviceCertificates(deps: IdentityDeps, input: RevokeCertificateInput) {
  const device = await deps.prisma.device.findUnique({ where: { id: input.deviceId } });
  if (!device) throw new AppError("NOT_FOUND", `no device ${input.deviceId}`, { reason: "unknown_device" });
  const serial = input.serial ? normalizeSerial(input.serial) : undefined;
  if (serial) {
    const cert = await deps.prisma.deviceCertificate.findUnique({ where: { serial } });
    if (!cert || cert.deviceId !== device.id) {
      throw new AppError("NOT_FOUND", `device ${device.id} has no certificate with serial ${serial}`, {
        reason: "unknown_certificate",
      });
    }
    if (cert.revokedAt) {
      throw new AppError("CONFLICT", `certificate ${serial} was already revoked at ${cert.revokedAt.toISOString()}`, {
        reason: "already_revoked",
      });
    }
  }
  const now = new Date();
  const operatorId = input.actor.type === "operator" ? (input.actor.id ?? null) : null;
  const { serials, deviceRevoked } = await deps.prisma.$transaction(async (tx) => {
    const where: Prisma.DeviceCertificateWhereInput = {
      deviceId: device.id,
      revokedAt: null,
      ...(serial ? { serial } : {}),
    };
    const targets = await tx.deviceCertificate.findMany({ where, select: { serial: true } });
    if (targets.length === 0) {
      throw new AppError("CONFLICT", `device ${device.id} has no unrevoked certificate`, {
        reason: "nothing_to_revoke",
      });
    }
    await tx.deviceCertificate.updateMany({
      where,
      data: { revokedAt: now, revocationReason: REVOCATION_REASONS[input.reason], revokedById: operatorId },
    });
    const remaining =
      (await tx.deviceCertificate.count({ where: { deviceId: device.id, revokedAt: null, expiresAt: { gt: now } } })) +
      (await tx.devicePsk.count({ where: { deviceId: device.id, revokedAt: null } }));
    if (remaining === 0)
      await tx.device.update({ where: { id: device.id }, data: { status: "revoked", online: false } });
    const revoked = targets.map((t) => t.serial);
    await tx.deviceEvent.create({
      data: { deviceId: device.id, kind: "certificate_revoked", details: { serials: revoked, reason: input.reason } },
    });
    await recordAudit(tx, {
      actor: input.actor,
      action: "certificate.revoke",
      target: { type: "device", id: device.id },
      outcome: "success",
      reason: input.reason,
      details: { serials: revoked, reasonCode: REVOCATION_REASONS[input.reason], deviceRevoked: remaining === 0 },
      sourceIp: input.sourceIp,
    });
    return { serials: revoked, deviceRevoked: remaining === 0 };
  });

  const crl = await publishCrl(deps, now);
  // Gone now: the live session is dropped at once; the CRL keeps the certificate out afterwards.
  await deps.broker.disconnectDevice(device.id, { block: deviceRevoked });
  await deps.notifier.publish(
    serials.map((s) => ({
      type: "certificate.revoked" as const,
      device_id: device.id,
      serial: s,
      reason: input.reason,
      at: now.toISOString(),
    })),
  );
  return {
    deviceId: device.id,
    revoked: serials,
    reason: input.reason,
    revokedAt: now.toISOString(),
    deviceStatus: deviceRevoked ? "revoked" : device.status,
    crlNumber: crl.number.toString(),
  };
}
