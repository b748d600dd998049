import type { PlatformConfig } from "./platform-config.ts";

/** The URL without its password, safe to print. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "<invalid url>";
  }
}

/** Every address a device, an operator or a tool uses: what `pnpm start` prints and `fleetctl status` reports. */
export function platformEndpoints(config: PlatformConfig) {
  return {
    consoleUrl: config.urls.console,
    controlPlaneUrl: config.urls.controlPlane,
    deviceHttpsUrl: config.urls.deviceHttps,
    ingestHttpsUrl: config.urls.ingestHttps,
    ingestBridgeUrl: config.urls.ingestBridge,
    rulesWorkerUrl: config.urls.rulesWorker,
    writersUrl: config.urls.writers,
    mqttMtls: `${config.mqtt.host}:${config.ports.mqttMtls}`,
    mqttPsk: `${config.mqtt.host}:${config.ports.mqttPsk}`,
    mqttService: `${config.mqtt.host}:${config.ports.mqttService}`,
    coapPort: config.ports.coap,
    kafkaBootstrap: config.kafka.brokers.join(","),
    databaseUrl: redactUrl(config.databaseUrl),
    redisUrl: redactUrl(config.redisUrl),
    caChainPath: config.pki.caChainPath,
  };
}

export type PlatformEndpoints = ReturnType<typeof platformEndpoints>;
