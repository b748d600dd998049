import { randomBytes } from "node:crypto";
import type { PlatformConfig } from "@fleetwire/config";
import { type ManagedProcess, startNodeService } from "@fleetwire/infra";
import { freePort } from "@fleetwire/infra/free-port";
import { readServiceCredentials } from "@fleetwire/infra/mosquitto";
import mqtt from "mqtt";

export interface BridgeUnderTest {
  instance: string;
  ports: { health: number; https: number; coap: number };
  healthUrl: string;
  process: ManagedProcess;
  /** Starts the same instance again (same MQTT sessions) after a kill, optionally with other settings. */
  restart(env?: Record<string, string>): Promise<void>;
  /** SIGKILL: no drain, no flush, no goodbye to the broker. */
  kill(): Promise<void>;
  /** SIGTERM, then forgets its broker sessions so no test's messages wait in them afterwards. */
  stop(): Promise<void>;
}

/**
 * Runs a real bridge process (tsx apps/ingest-bridge/src/main.ts) with its own instance id and
 * ports, so it can run beside the bridge `pnpm test` started; both join the same shared
 * subscription, so either may take a message.
 */
export async function startBridge(config: PlatformConfig, env: Record<string, string> = {}): Promise<BridgeUnderTest> {
  const instance = `t${randomBytes(3).toString("hex")}`;
  const ports = { health: await freePort(), https: await freePort(), coap: await freePort() };
  const connections = Number(env.FLEETWIRE_BRIDGE_MQTT_CONNECTIONS ?? 4);
  const childEnv = {
    ...process.env,
    FLEETWIRE_PROFILE: config.profile,
    FLEETWIRE_BRIDGE_INSTANCE: instance,
    FLEETWIRE_BRIDGE_MQTT_CONNECTIONS: String(connections),
    FLEETWIRE_INGEST_BRIDGE_PORT: String(ports.health),
    FLEETWIRE_INGEST_HTTPS_PORT: String(ports.https),
    FLEETWIRE_COAP_PORT: String(ports.coap),
    LOG_LEVEL: "warn",
    ...env,
  };
  const healthUrl = `http://127.0.0.1:${ports.health}/health`;
  const launch = () =>
    startNodeService(config, {
      name: `ingest-bridge-${instance}`,
      entry: "apps/ingest-bridge/src/main.ts",
      env: childEnv,
      healthUrl,
    });
  const bridge: BridgeUnderTest = {
    instance,
    ports,
    healthUrl,
    process: await launch(),
    async restart(changes = {}) {
      Object.assign(childEnv, changes);
      bridge.process = await launch();
    },
    kill: () => bridge.process.kill(),
    async stop() {
      await bridge.process.stop(20_000);
      await forgetSessions(config, instance, connections);
    },
  };
  return bridge;
}

/** Connecting with clean start and no session expiry discards the broker's stored session. */
async function forgetSessions(config: PlatformConfig, instance: string, connections: number) {
  const service = readServiceCredentials(config);
  for (let i = 0; i < connections; i++) {
    const client = await mqtt.connectAsync(service.url, {
      protocolVersion: 5,
      clientId: `fleetwire-bridge-${instance}-${i}`,
      username: service.username,
      password: service.password,
      clean: true,
      properties: { sessionExpiryInterval: 0 },
      reconnectPeriod: 0,
    });
    await client.endAsync();
  }
}
