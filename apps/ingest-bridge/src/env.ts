import { loadPlatformConfig } from "@fleetwire/config";
import { readServiceCredentials } from "@fleetwire/infra/mosquitto";

/**
 * The bridge's settings. It talks to the broker as a platform service: with credentials from the
 * environment in production (EMQX), or the ones the local Mosquitto was generated with.
 */
export async function loadBridgeEnv(env: NodeJS.ProcessEnv = process.env) {
  const config = loadPlatformConfig(env);
  const service =
    env.FLEETWIRE_MQTT_SERVICE_USERNAME && env.FLEETWIRE_MQTT_SERVICE_PASSWORD
      ? { username: env.FLEETWIRE_MQTT_SERVICE_USERNAME, password: env.FLEETWIRE_MQTT_SERVICE_PASSWORD }
      : await readServiceCredentials(config);
  return { ...config, mqttService: { url: `mqtt://${config.mqtt.host}:${config.ports.mqttService}`, ...service } };
}

export type BridgeEnv = Awaited<ReturnType<typeof loadBridgeEnv>>;
