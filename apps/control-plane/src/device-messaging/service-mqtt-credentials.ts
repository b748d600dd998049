import { readServiceCredentials } from "@fleetwire/infra/mosquitto";
import type { ControlPlaneEnv } from "../env.ts";

/** How the control plane connects to the broker as a platform service (Mosquitto's generated user, or EMQX's). */
export function serviceMqttCredentials(env: ControlPlaneEnv): { url: string; username: string; password: string } {
  const url = `mqtt://${env.mqtt.host}:${env.ports.mqttService}`;
  if (env.mqtt.broker === "emqx") {
    const { serviceUsername, servicePassword } = env.mqtt.emqx;
    if (!servicePassword) throw new Error("FLEETWIRE_EMQX_SERVICE_PASSWORD is needed to reach EMQX as a service");
    return { url, username: serviceUsername, password: servicePassword };
  }
  const service = readServiceCredentials(env);
  return { url: service.url, username: service.username, password: service.password };
}
