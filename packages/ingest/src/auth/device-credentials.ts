import { AppError } from "@fleetwire/core";
import type { PrismaClient } from "@fleetwire/db";
import { type DeviceDirectory, type DeviceEntry, INGEST_STATUSES } from "../directory/device-directory.ts";
import { openDevicePsk } from "./device-psk-encryption.ts";
import { TtlCache } from "./ttl-cache.ts";

type Db = Pick<PrismaClient, "deviceCertificate" | "devicePsk">;

interface CertificateRow {
  deviceId: string;
  revokedAt: Date | null;
  expiresAt: Date;
}

interface PskRow {
  deviceId: string;
  key: Buffer | null;
  revoked: boolean;
}

/** What the TLS layer established about a client certificate (node's getPeerCertificate). */
export interface PeerCertificate {
  /** Hex serial as OpenSSL prints it (any case, optional leading zero byte). */
  serialNumber: string;
  commonName: string;
}

/**
 * Device credentials as the HTTP and CoAP endpoints check them, per request: certificates by
 * serial from device_certificates, PSKs by identity from device_psks. Answers are cached for a
 * few seconds; a revocation announced on Redis (revocation-listener.ts) evicts them at once.
 */
export class DeviceCredentials {
  private readonly certificates: TtlCache<CertificateRow | null>;
  private readonly psks: TtlCache<PskRow | null>;

  constructor(
    private readonly prisma: Db,
    private readonly directory: DeviceDirectory,
    private readonly secretKey: Buffer,
    ttlMs = 5_000,
  ) {
    this.certificates = new TtlCache(ttlMs);
    this.psks = new TtlCache(ttlMs);
  }

  /**
   * The device a verified client certificate belongs to. The chain and validity were checked by
   * TLS against the platform CA; this checks the registry: a recorded, unrevoked certificate of
   * an existing device named by the CN. Throws UNAUTHENTICATED (401) or FORBIDDEN (403).
   */
  async deviceForCertificate(peer: PeerCertificate): Promise<DeviceEntry> {
    const serial = canonicalSerial(peer.serialNumber);
    const row = await this.certificates.get(serial, () =>
      this.prisma.deviceCertificate.findUnique({
        where: { serial },
        select: { deviceId: true, revokedAt: true, expiresAt: true },
      }),
    );
    if (!row) throw new AppError("UNAUTHENTICATED", "the client certificate is not a registered device certificate");
    if (row.revokedAt) throw new AppError("FORBIDDEN", "the client certificate has been revoked");
    if (row.expiresAt.getTime() <= Date.now())
      throw new AppError("UNAUTHENTICATED", "the client certificate has expired");
    if (row.deviceId !== peer.commonName) {
      throw new AppError("FORBIDDEN", `the certificate was issued to ${row.deviceId}, not ${peer.commonName}`);
    }
    return this.requireDevice(row.deviceId);
  }

  /** The PSK of an identity, if it exists, is not revoked and belongs to `deviceId`. */
  async pskFor(identity: string, deviceId: string): Promise<{ device: DeviceEntry; key: Buffer }> {
    const row = await this.psks.get(identity, async () => {
      const found = await this.prisma.devicePsk.findUnique({
        where: { identity },
        select: { deviceId: true, encryptedKey: true, revokedAt: true },
      });
      if (!found) return null;
      let key: Buffer | null = null;
      try {
        key = openDevicePsk(found.encryptedKey, this.secretKey);
      } catch {
        key = null; // sealed under another secret key: unusable, refused below
      }
      return { deviceId: found.deviceId, key, revoked: found.revokedAt !== null };
    });
    if (!row || !row.key) throw new AppError("UNAUTHENTICATED", "unknown PSK identity");
    if (row.revoked) throw new AppError("UNAUTHENTICATED", "the PSK has been revoked");
    if (row.deviceId !== deviceId) throw new AppError("FORBIDDEN", `PSK identity ${identity} is not ${deviceId}'s`);
    return { device: await this.requireDevice(deviceId), key: row.key };
  }

  /** Called when a revocation is announced: the next request asks PostgreSQL again. */
  forget(target: { deviceId?: string; serial?: string; pskIdentity?: string }): void {
    if (target.serial) this.certificates.delete(canonicalSerial(target.serial));
    if (target.pskIdentity) this.psks.delete(target.pskIdentity);
    if (target.deviceId) {
      const id = target.deviceId;
      this.certificates.deleteWhere((row) => row?.deviceId === id);
      this.psks.deleteWhere((row) => row?.deviceId === id);
      this.directory.forget(id);
    }
  }

  private async requireDevice(deviceId: string): Promise<DeviceEntry> {
    const device = await this.directory.lookup(deviceId);
    if (!device) throw new AppError("UNAUTHENTICATED", `device ${deviceId} is not registered`);
    if (!INGEST_STATUSES.has(device.status)) throw new AppError("FORBIDDEN", `device ${deviceId} is ${device.status}`);
    return device;
  }
}

/** Lower-case hex without leading zero bytes: how device_certificates.serial stores it. */
export function canonicalSerial(serial: string): string {
  let hex = serial.replaceAll(":", "").toLowerCase();
  while (hex.length > 2 && hex.startsWith("00")) hex = hex.slice(2);
  return hex;
}
