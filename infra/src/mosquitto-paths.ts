import path from "node:path";
import type { PlatformConfig } from "@fleetwire/config";
import { platformCaPaths } from "@fleetwire/pki";

export type MosquittoConfig = Pick<
  PlatformConfig,
  "stateDir" | "secretKeyHex" | "pki" | "mqtt" | "ports" | "limits" | "host"
>;

/** Every file of the local broker, under <stateDir>/mosquitto (the CRL is the platform's, in pki/). */
export function mosquittoPaths(config: Pick<PlatformConfig, "stateDir" | "mqtt" | "pki">) {
  const dir = config.mqtt.dataDir;
  return {
    dir,
    conf: path.join(dir, "mosquitto.conf"),
    serverCert: path.join(dir, "server.pem"),
    serverKey: path.join(dir, "server.key"),
    healthCert: path.join(dir, "health-client.pem"),
    healthKey: path.join(dir, "health-client.key"),
    /** The dynamic-security plugin's clients and roles (devices, the service user). */
    dynsecFile: path.join(dir, "dynamic-security.json"),
    pskFile: path.join(dir, "psk"),
    serviceCredentials: path.join(dir, "service-credentials.json"),
    pidFile: path.join(dir, "mosquitto.pid"),
    // Mosquitto 1.x joined this and "mosquitto.db" without a separator; 2.0 adds one (a harmless "//").
    persistence: `${path.join(dir, "data")}${path.sep}`,
    caChain: config.pki.caChainPath,
    crl: platformCaPaths(config).crlPem,
    log: path.join(config.stateDir, "logs", "mosquitto.log"),
  };
}
