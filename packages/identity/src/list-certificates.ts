import type { PrismaClient } from "@fleetwire/db";
import { reasonName } from "./schemas.ts";

/** A device's certificates, newest first, with who revoked them, when and why (console, fleetctl). */
export async function listDeviceCertificates(prisma: PrismaClient, deviceId: string) {
  const rows = await prisma.deviceCertificate.findMany({
    where: { deviceId },
    orderBy: { issuedAt: "desc" },
    include: { revokedBy: { select: { id: true, email: true } } },
  });
  const now = Date.now();
  return rows.map((r) => ({
    serial: r.serial,
    fingerprint: r.fingerprint,
    issuedAt: r.issuedAt,
    expiresAt: r.expiresAt,
    status: r.revokedAt ? "revoked" : r.expiresAt.getTime() <= now ? "expired" : "valid",
    revokedAt: r.revokedAt,
    revocationReason: r.revokedAt ? reasonName(r.revocationReason) : null,
    revokedBy: r.revokedBy ? { id: r.revokedBy.id, email: r.revokedBy.email } : null,
  }));
}

/** The CRL as operators read it: its numbers and dates, and each entry with device, who, when and why. */
export async function describeCrl(
  prisma: PrismaClient,
  current: { number: bigint; thisUpdate: Date; nextUpdate: Date } | undefined,
) {
  const entries = await prisma.deviceCertificate.findMany({
    where: { revokedAt: { not: null }, expiresAt: { gt: new Date() } },
    orderBy: { revokedAt: "desc" },
    include: { revokedBy: { select: { id: true, email: true } } },
    take: 1000,
  });
  return {
    number: current?.number.toString() ?? null,
    thisUpdate: current?.thisUpdate ?? null,
    nextUpdate: current?.nextUpdate ?? null,
    entries: entries.map((e) => ({
      serial: e.serial,
      deviceId: e.deviceId,
      revokedAt: e.revokedAt,
      reason: reasonName(e.revocationReason),
      revokedBy: e.revokedBy ? { id: e.revokedBy.id, email: e.revokedBy.email } : null,
    })),
  };
}
