import { hostname } from "node:os";
import { startCommandExpirySweeper } from "@fleetwire/commands";
import { createLogger } from "@fleetwire/core";
import { getPrisma } from "@fleetwire/db";
import type { ControlPlaneEnv } from "../env.ts";
import { startDeviceMessageConsumer } from "./device-message-consumer.ts";
import { closeDeviceMessagingDeps, getDeviceMessagingDeps } from "./device-messaging-services.ts";
import { serviceMqttCredentials } from "./service-mqtt-credentials.ts";

const log = createLogger("control-plane.device-messaging");

/**
 * The control plane's device messaging: the MQTT consumer of reported state and command answers
 * and the command expiry sweeper. `instance` names this process's MQTT session; keep it stable
 * across restarts so the broker keeps what arrives meanwhile.
 */
export async function startDeviceMessaging(
  env: ControlPlaneEnv,
  options: { instance?: string; sessionExpirySeconds?: number } = {},
) {
  const instance = (options.instance ?? hostname()).replace(/[^A-Za-z0-9_-]/g, "-").slice(0, 48);
  const stopSweeper = startCommandExpirySweeper(getPrisma(env.databaseUrl), { log });
  let consumer: Awaited<ReturnType<typeof startDeviceMessageConsumer>> | undefined;
  try {
    consumer = await startDeviceMessageConsumer(
      () => getDeviceMessagingDeps(env),
      {
        ...serviceMqttCredentials(env),
        clientId: `fleetwire-control-plane-${instance}`,
        sessionExpirySeconds: options.sessionExpirySeconds,
      },
      log,
    );
  } catch (error) {
    await stopSweeper();
    throw error;
  }
  return {
    connected: () => consumer?.connected() ?? false,
    async stop() {
      await consumer?.stop();
      await stopSweeper();
      closeDeviceMessagingDeps();
    },
  };
}
