import type { BrokerProfile } from "@fleetwire/broker";
import type { PlatformConfig } from "@fleetwire/config";
import type { PrismaClient } from "@fleetwire/db";
import type { CaSigner } from "@fleetwire/pki";
import type { RevocationNotifier } from "./revocation-notice.ts";

/** What the device-identity functions need; the control plane builds it once (services factory). */
export interface IdentityDeps {
  prisma: PrismaClient;
  ca: CaSigner;
  broker: BrokerProfile;
  notifier: RevocationNotifier;
  /** 32-byte key that seals PSKs at rest (loadSecretKey). */
  secretKey: Buffer;
  config: Pick<PlatformConfig, "pki" | "urls" | "ports" | "mqtt">;
  log?: { warn: (obj: object, msg: string) => void };
}

/** Where a device finds the platform: what the provisioning response and fleetctl print. */
export function deviceEndpoints(config: IdentityDeps["config"], deviceId: string) {
  return {
    brokerEndpoint: `mqtts://${config.mqtt.host}:${config.ports.mqttMtls}`,
    deviceShadowUrl: `${config.urls.deviceHttps}/devices/${encodeURIComponent(deviceId)}/shadow`,
  };
}

/** The CRL URL written into every operational certificate (CRL Distribution Points). */
export function crlUrl(config: IdentityDeps["config"]): string {
  return `${config.urls.controlPlane}/crl.der`;
}

/** SAN URI naming fleet and device, e.g. urn:fleetwire:fleet:<uuid>:device:<id>. */
export function deviceSanUri(fleetId: string, deviceId: string): string {
  return `urn:fleetwire:fleet:${fleetId}:device:${deviceId}`;
}
