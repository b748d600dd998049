import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { PlatformConfig } from "@fleetwire/config";
import type { PrismaClient } from "@fleetwire/db";
import { seedDevice } from "@fleetwire/db/testing";
import { sealDevicePsk } from "@fleetwire/ingest";
import { type CaSigner, issueClientCertificate, loadSecretKey } from "@fleetwire/pki";

export interface IngestDevice {
  id: string;
  fleetId: string;
  modelId: string;
  telemetryTopic: string;
  /** Files for mosquitto_pub / curl: its operational certificate and key, and the platform CA chain. */
  certFile: string;
  keyFile: string;
  caFile: string;
  serial: string;
  psk: { identity: string; key: Buffer };
  /** mosquitto_pub/sub arguments for the mutual-TLS listener. */
  mqttArgs: string[];
}

const workDir = mkdtempSync(path.join(tmpdir(), "fleetwire-ingest-"));

/**
 * A provisioned device as issue 3 leaves it: a registry row (seed factory), an operational
 * certificate from the platform CA recorded in device_certificates, a PSK sealed in device_psks,
 * and broker access to its own topics (when the broker uses the dynamic-security plugin).
 */
export async function seedIngestDevice(
  prisma: PrismaClient,
  config: PlatformConfig,
  ca: CaSigner,
  options: { modelId?: string; fleetId?: string } = {},
): Promise<IngestDevice> {
  const device = await seedDevice(prisma, {
    status: "provisioned",
    ...(options.modelId ? { modelId: options.modelId } : {}),
    ...(options.fleetId ? { fleetId: options.fleetId } : {}),
  });
  const issued = await issueClientCertificate(ca, { commonName: device.id, validityDays: 2 });
  const der = Buffer.from(issued.certPem.replace(/-----[^-]+-----|\s/g, ""), "base64");
  await prisma.deviceCertificate.create({
    data: {
      serial: issued.serialNumber,
      deviceId: device.id,
      fingerprint: createHash("sha256").update(der).digest("hex"),
      pem: issued.certPem,
      issuedAt: issued.notBefore,
      expiresAt: issued.notAfter,
    },
  });
  const pskKey = randomBytes(32);
  await prisma.devicePsk.create({
    data: { deviceId: device.id, identity: device.id, encryptedKey: sealDevicePsk(pskKey, loadSecretKey(config)) },
  });
  const certFile = path.join(workDir, `${device.id}.pem`);
  const keyFile = path.join(workDir, `${device.id}.key`);
  writeFileSync(certFile, issued.certPem);
  writeFileSync(keyFile, issued.keyPem ?? "", { mode: 0o600 });
  await allowOnBroker(config, device.id, device.fleetId);
  return {
    id: device.id,
    fleetId: device.fleetId,
    modelId: device.modelId,
    telemetryTopic: `${device.fleetId}/devices/${device.id}/telemetry`,
    certFile,
    keyFile,
    caFile: config.pki.caChainPath,
    serial: issued.serialNumber,
    psk: { identity: device.id, key: pskKey },
    mqttArgs: [
      ...["-h", "127.0.0.1", "-p", String(config.ports.mqttMtls), "--cafile", config.pki.caChainPath],
      ...["--cert", certFile, "--key", keyFile, "-i", device.id],
    ],
  };
}

interface BrokerProfileLike {
  upsertDevice(device: { deviceId: string; fleetId: string }): Promise<void>;
  close(): Promise<void>;
}

let profile: Promise<BrokerProfileLike | null> | undefined;

/** Broker access the way the control plane grants it on provisioning (issue 3's broker profile). */
async function allowOnBroker(config: PlatformConfig, deviceId: string, fleetId: string) {
  profile ??= (async () => {
    try {
      const module: { createMosquittoBrokerProfile?: (c: PlatformConfig) => Promise<BrokerProfileLike> } = await import(
        "@fleetwire/infra/mosquitto-broker-profile"
      );
      return module.createMosquittoBrokerProfile ? await module.createMosquittoBrokerProfile(config) : null;
    } catch {
      return null; // a broker with a static ACL file: nothing to grant
    }
  })();
  await (await profile)?.upsertDevice({ deviceId, fleetId });
}

/** Closes the broker connection seedIngestDevice opened (call in afterAll). */
export async function closeBrokerAccess(): Promise<void> {
  const current = await profile;
  profile = undefined;
  await current?.close();
}
