import { randomBytes } from "node:crypto";
import { type AuditActor, recordAudit } from "@fleetwire/access";
import { AppError } from "@fleetwire/core";
import { openSecret, sealSecret } from "@fleetwire/pki";
import type { IdentityDeps } from "./identity-deps.ts";

/**
 * Sealed like packages/ingest's device-psk-encryption (AES-256-GCM, base64 iv|tag|ciphertext, no
 * additional data), so the ingest bridge opens what the control plane stores.
 */
const PSK_LABEL = "";

/**
 * TLS-PSK identities (issue 3, item 5). The identity is the device id, so the broker's
 * username and client id are the device id as with certificates; one PSK per device, and
 * creating one again rotates the key. The key (256 bits) is returned once and stored only
 * sealed under the platform secret key.
 */
export async function createDevicePsk(
  deps: IdentityDeps,
  input: { deviceId: string; actor: AuditActor; sourceIp?: string },
): Promise<{ deviceId: string; identity: string; keyHex: string; pskHint: string }> {
  const device = await deps.prisma.device.findUnique({ where: { id: input.deviceId } });
  if (!device) throw new AppError("NOT_FOUND", `no device ${input.deviceId}`, { reason: "unknown_device" });
  if (device.status === "revoked" || device.status === "suspended") {
    throw new AppError("CONFLICT", `device ${device.id} is ${device.status}`, { reason: `device_${device.status}` });
  }
  const key = randomBytes(32);
  const identity = device.id;
  const encryptedKey = sealSecret(key, deps.secretKey, PSK_LABEL);
  const existing = await deps.prisma.devicePsk.findUnique({ where: { identity } });
  if (existing && existing.deviceId !== device.id) {
    throw new AppError("CONFLICT", `PSK identity ${identity} belongs to another device`, { reason: "identity_taken" });
  }
  await deps.prisma.$transaction(async (tx) => {
    await tx.devicePsk.upsert({
      where: { identity },
      create: { deviceId: device.id, identity, encryptedKey },
      update: { encryptedKey, createdAt: new Date(), revokedAt: null, revokedById: null, revocationReason: null },
    });
    if (device.status === "registered") {
      await tx.device.update({ where: { id: device.id }, data: { status: "provisioned", provisionedAt: new Date() } });
    }
    await recordAudit(tx, {
      actor: input.actor,
      action: "psk.create",
      target: { type: "device", id: device.id },
      outcome: "success",
      details: { identity, rotated: Boolean(existing && !existing.revokedAt) },
      sourceIp: input.sourceIp,
    });
  });
  await deps.broker.upsertDevice({ deviceId: device.id, fleetId: device.fleetId });
  await applyActivePsks(deps);
  return { deviceId: device.id, identity, keyHex: key.toString("hex"), pskHint: "fleetwire" };
}

export async function revokeDevicePsk(
  deps: IdentityDeps,
  input: { deviceId: string; reason: string; actor: AuditActor; sourceIp?: string },
) {
  const psk = await deps.prisma.devicePsk.findFirst({ where: { deviceId: input.deviceId, revokedAt: null } });
  if (!psk) throw new AppError("NOT_FOUND", `device ${input.deviceId} has no active PSK`, { reason: "no_active_psk" });
  const now = new Date();
  const operatorId = input.actor.type === "operator" ? (input.actor.id ?? null) : null;
  const deviceRevoked = await deps.prisma.$transaction(async (tx) => {
    await tx.devicePsk.update({
      where: { id: psk.id },
      data: { revokedAt: now, revokedById: operatorId, revocationReason: input.reason },
    });
    const remaining = await tx.deviceCertificate.count({
      where: { deviceId: input.deviceId, revokedAt: null, expiresAt: { gt: now } },
    });
    if (remaining === 0)
      await tx.device.update({ where: { id: input.deviceId }, data: { status: "revoked", online: false } });
    await tx.deviceEvent.create({
      data: {
        deviceId: input.deviceId,
        kind: "psk_revoked",
        details: { identity: psk.identity, reason: input.reason },
      },
    });
    await recordAudit(tx, {
      actor: input.actor,
      action: "psk.revoke",
      target: { type: "device", id: input.deviceId },
      outcome: "success",
      reason: input.reason,
      details: { identity: psk.identity },
      sourceIp: input.sourceIp,
    });
    return remaining === 0;
  });
  // The PSK file first (no reconnect), then the kick (no live session).
  await applyActivePsks(deps);
  await deps.broker.disconnectDevice(input.deviceId, { block: deviceRevoked });
  await deps.notifier.publish([
    {
      type: "psk.revoked",
      device_id: input.deviceId,
      psk_identity: psk.identity,
      reason: input.reason,
      at: now.toISOString(),
    },
  ]);
  return { deviceId: input.deviceId, identity: psk.identity, revokedAt: now.toISOString() };
}

/** Rewrites the broker's PSK store from the database (every unrevoked PSK of a usable device). */
export async function applyActivePsks(deps: Pick<IdentityDeps, "prisma" | "broker" | "secretKey" | "log">) {
  const rows = await deps.prisma.devicePsk.findMany({
    where: { revokedAt: null, device: { status: { notIn: ["revoked", "suspended"] } } },
    select: { identity: true, encryptedKey: true },
    orderBy: { identity: "asc" },
  });
  const entries: { identity: string; keyHex: string }[] = [];
  for (const row of rows) {
    try {
      entries.push({
        identity: row.identity,
        keyHex: openSecret(row.encryptedKey, deps.secretKey, PSK_LABEL).toString("hex"),
      });
    } catch (err) {
      deps.log?.warn({ err, identity: row.identity }, "PSK sealed under another secret key: left out of the broker");
    }
  }
  await deps.broker.applyPsks(entries);
  return entries.length;
}
