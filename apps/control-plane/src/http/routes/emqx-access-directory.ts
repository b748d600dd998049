import type { EmqxAccessDirectory, EmqxDeviceRecord } from "@fleetwire/broker";
import type { PrismaClient } from "@fleetwire/db";

const CONNECTABLE = new Set(["provisioned", "active"]);

/**
 * The registry as EMQX's hooks see it. Every connection and every uncached topic check asks, so
 * devices that may connect are cached briefly (ttlMs). Anything else is never cached: a device
 * provisioned a moment ago must connect at once, and certificates are always read fresh, so a
 * revocation refuses the next CONNECT immediately (the live session is kicked by the broker profile).
 */
export function createEmqxAccessDirectory(
  prisma: PrismaClient,
  options: { ttlMs?: number; maxEntries?: number } = {},
): EmqxAccessDirectory {
  const ttlMs = options.ttlMs ?? 5_000;
  const maxEntries = options.maxEntries ?? 50_000;
  const devices = new Map<string, { device: EmqxDeviceRecord; until: number }>();

  return {
    async findDevice(deviceId) {
      const cached = devices.get(deviceId);
      if (cached && cached.until > Date.now()) return cached.device;
      devices.delete(deviceId);
      const device = await prisma.device.findUnique({
        where: { id: deviceId },
        select: { id: true, fleetId: true, status: true },
      });
      if (!device) return undefined;
      if (CONNECTABLE.has(device.status)) {
        if (devices.size >= maxEntries) devices.delete(devices.keys().next().value as string);
        devices.set(deviceId, { device, until: Date.now() + ttlMs });
      }
      return device;
    },
    async findCertificateByFingerprint(fingerprint) {
      return (
        (await prisma.deviceCertificate.findUnique({
          where: { fingerprint },
          select: { deviceId: true, expiresAt: true, revokedAt: true },
        })) ?? undefined
      );
    },
    async findCurrentCertificate(deviceId, now) {
      return (
        (await prisma.deviceCertificate.findFirst({
          where: { deviceId, revokedAt: null, expiresAt: { gt: now } },
          orderBy: { issuedAt: "desc" },
          select: { deviceId: true, expiresAt: true, revokedAt: true },
        })) ?? undefined
      );
    },
  };
}
