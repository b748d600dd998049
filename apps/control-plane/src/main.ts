import { ConfigError } from "@fleetwire/config";
import { createLogger } from "@fleetwire/core";
import { disconnectPrisma, ensureAdminOperator, getPrisma } from "@fleetwire/db";
import { startCrlRefresher, syncBroker } from "@fleetwire/identity";
import { probeDatabase } from "@fleetwire/infra";
import { buildDeviceServer } from "./device-api/build-device-server.ts";
import { startDeviceMessaging } from "./device-messaging/start-device-messaging.ts";
import { loadControlPlaneEnv } from "./env.ts";
import { buildServer } from "./http/build-server.ts";
import { closeIdentityServices, getIdentityServices } from "./identity/identity-services.ts";
import { closeRuleServices } from "./rules/rule-services.ts";

const log = createLogger("control-plane");

/** Exit with one line naming the setting, never a stack trace, when configuration is wrong. */
function fail(message: string): never {
  process.stderr.write(`control-plane: ${message}\n`);
  process.exit(1);
}

async function main() {
  let env: ReturnType<typeof loadControlPlaneEnv>;
  try {
    env = loadControlPlaneEnv();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  const database = await probeDatabase(env.databaseUrl);
  if (!database.ok) fail(`FLEETWIRE_DATABASE_URL: ${database.detail}`);

  const admin = await ensureAdminOperator(getPrisma(env.databaseUrl), env.admin);
  if (admin.created)
    log.info({ email: env.admin.email }, "created the first admin operator from FLEETWIRE_ADMIN_EMAIL");

  const server = buildServer(env);
  await server.listen({ host: env.host, port: env.ports.controlPlane });
  log.info({ url: env.urls.controlPlane }, "control plane listening");

  // Device identity: platform CA, broker profile, CRL and PSK store in step with the database.
  const identity = () => getIdentityServices(env);
  const synced = await syncBroker(await identity());
  log.info(synced, "broker in step with the registry (CRL, PSKs)");
  const stopCrlRefresher = startCrlRefresher(await identity());
  const deviceServer = await buildDeviceServer(env, identity);
  await deviceServer.listen({ host: env.host, port: env.ports.deviceHttps });
  log.info({ url: env.urls.deviceHttps }, "device HTTPS endpoint listening (mutual TLS)");
  // Shadows and commands: reported state and command answers over MQTT, the command expiry sweep.
  const deviceMessaging = await startDeviceMessaging(env);

  const stop = async (signal: string) => {
    log.info({ signal }, "stopping");
    await server.close();
    await deviceServer.close();
    await deviceMessaging.stop();
    stopCrlRefresher();
    await closeIdentityServices();
    await closeRuleServices();
    await disconnectPrisma();
    process.exit(0);
  };
  process.once("SIGTERM", () => void stop("SIGTERM"));
  process.once("SIGINT", () => void stop("SIGINT"));
}

main().catch((error) => {
  log.error({ err: error }, "control plane failed to start");
  process.exit(1);
});
