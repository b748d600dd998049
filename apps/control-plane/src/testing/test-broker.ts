import { loadPlatformConfig } from "@fleetwire/config";
import type { ManagedProcess } from "@fleetwire/infra";
import {
  mosquittoHealth,
  readServiceCredentials,
  startMosquitto,
  writeMosquittoConfig,
} from "@fleetwire/infra/mosquitto";
import { ensurePlatformCa } from "@fleetwire/pki";

/** The test profile's Mosquitto: reused when `pnpm test` already runs it, else started here (and stopped by `stop`). */
export async function ensureTestBroker() {
  const config = loadPlatformConfig({ ...process.env, FLEETWIRE_PROFILE: "test" });
  let broker: ManagedProcess | undefined;
  if (!(await mosquittoHealth(config)).ok) {
    await writeMosquittoConfig(config, await ensurePlatformCa(config));
    broker = await startMosquitto(config);
  }
  const service = readServiceCredentials(config);
  return {
    config,
    service,
    mtls: ["-h", "127.0.0.1", "-p", String(config.ports.mqttMtls)],
    psk: ["-h", "127.0.0.1", "-p", String(config.ports.mqttPsk)],
    stop: async () => broker?.stop(),
  };
}
