import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { issueBootstrapCertificate } from "@fleetwire/pki";
import { DeviceHttpError } from "../https-json.ts";
import { type DeviceCredentials, provisionDevice } from "../provision.ts";

export interface CredentialSource {
  stateDir: string;
  deviceHttpsUrl: string;
  caPem: string;
  manufacturer: { certPem: string; keyPem: string };
  model: string;
}

/**
 * A simulated device's credentials: kept under <stateDir>/sim/devices between runs (the device
 * HTTPS endpoint rate-limits provisioning per address), provisioned afresh when missing or
 * expiring within a day. A 429 waits for Retry-After and tries again.
 */
export async function simDeviceCredentials(source: CredentialSource, deviceId: string): Promise<DeviceCredentials> {
  const file = path.join(source.stateDir, "sim", "devices", `${deviceId}.json`);
  if (existsSync(file)) {
    const cached = JSON.parse(await readFile(file, "utf8")) as DeviceCredentials;
    if (Date.parse(cached.expiresAt) - Date.now() > 86_400_000 && cached.deviceHttpsUrl === source.deviceHttpsUrl)
      return cached;
  }
  const bootstrap = await issueBootstrapCertificate(source.manufacturer, deviceId, 30);
  for (let attempt = 0; ; attempt++) {
    try {
      const creds = await provisionDevice({
        deviceHttpsUrl: source.deviceHttpsUrl,
        caPem: source.caPem,
        bootstrap,
        deviceId,
        model: source.model,
        firmwareVersion: "sim-1",
      });
      await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      await writeFile(file, JSON.stringify(creds, null, 2), { mode: 0o600 });
      return creds;
    } catch (error) {
      if (!(error instanceof DeviceHttpError) || error.status !== 429 || attempt >= 20) throw error;
      await sleep((error.retryAfterSeconds ?? 5) * 1000);
    }
  }
}
