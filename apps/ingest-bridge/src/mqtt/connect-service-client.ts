import mqtt from "mqtt";
import type { BridgeEnv } from "../env.ts";

/** The bridge's MQTT 5 session on the platform-services listener. */
export async function connectServiceClient(env: BridgeEnv, clientId: string) {
  return mqtt.connectAsync(env.mqttService.url, {
    protocolVersion: 5,
    clientId,
    username: env.mqttService.username,
    password: env.mqttService.password,
    clean: true,
    reconnectPeriod: 1000,
    connectTimeout: 5000,
  });
}
