import type { BrokerProfile } from "@fleetwire/broker";
import { createEmqxBrokerProfile } from "@fleetwire/broker";
import type { PlatformConfig } from "@fleetwire/config";
import { createMosquittoBrokerProfile } from "@fleetwire/infra/mosquitto-broker-profile";

/** The broker profile FLEETWIRE_MQTT_BROKER names: Mosquitto (one machine) or EMQX (cluster). */
export async function createBrokerProfile(
  config: Pick<PlatformConfig, "stateDir" | "mqtt" | "pki" | "ports">,
): Promise<BrokerProfile> {
  switch (config.mqtt.broker) {
    case "mosquitto":
      return createMosquittoBrokerProfile(config);
    case "emqx":
      return createEmqxBrokerProfile(config);
  }
}
