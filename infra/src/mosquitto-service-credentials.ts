import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import type { PlatformConfig } from "@fleetwire/config";
import { writeAtomic } from "@fleetwire/pki";
import { z } from "zod";
import { SERVICE_USERNAME } from "./mosquitto-dynsec-file.ts";
import { mosquittoPaths } from "./mosquitto-paths.ts";

const ZServiceCredentials = z.object({ username: z.string().min(1), password: z.string().min(16) });

export interface ServiceCredentials {
  username: string;
  password: string;
  host: string;
  port: number;
  /** mqtt://127.0.0.1:<port>: plain MQTT on loopback, for platform services only. */
  url: string;
}

type Config = Pick<PlatformConfig, "stateDir" | "mqtt" | "pki" | "ports">;

/**
 * The service user's password is made once and kept (0600), so services started before a broker
 * restart keep working; ensureDynsecFile stores its hash for the broker.
 */
export function ensureServiceCredentials(config: Config): ServiceCredentials {
  const paths = mosquittoPaths(config);
  if (!existsSync(paths.serviceCredentials)) {
    const fresh = { username: SERVICE_USERNAME, password: randomBytes(24).toString("base64url") };
    writeAtomic(paths.serviceCredentials, `${JSON.stringify(fresh, null, 2)}\n`, 0o600);
  }
  return readServiceCredentials(config);
}

/** What a platform service needs to connect to the local broker's service listener. */
export function readServiceCredentials(config: Config): ServiceCredentials {
  const file = mosquittoPaths(config).serviceCredentials;
  if (!existsSync(file)) throw new Error(`${file} is missing: the broker configuration has not been written yet`);
  const { username, password } = ZServiceCredentials.parse(JSON.parse(readFileSync(file, "utf8")));
  const host = "127.0.0.1";
  const port = config.ports.mqttService;
  return { username, password, host, port, url: `mqtt://${host}:${port}` };
}
