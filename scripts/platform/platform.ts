import { type PlatformConfig, platformEndpoints, WORKER_PROCESS_NAMES, WORKER_PROCESSES } from "@fleetwire/config";
import { migrateDatabase } from "@fleetwire/db";
import { findBusyPorts, type ManagedProcess, probeDatabase, probeRedis, startNodeService } from "@fleetwire/infra";
import { ensureKafkaInstalled, ensureTopics, startKafka } from "@fleetwire/infra/kafka";
import { startMosquitto, writeMosquittoConfig } from "@fleetwire/infra/mosquitto";
import { ensurePlatformCa } from "@fleetwire/pki";
import { buildConsoleIfChanged, startConsole, startWorkerService } from "./services.ts";

export interface RunningPlatform {
  /** Resolves with the name of the first process that exits on its own. */
  readonly unexpectedExit: Promise<string>;
  stop(): Promise<void>;
}

/** A problem the person starting the platform must fix: printed as one line, no stack trace. */
export class StartupError extends Error {}

export interface StartOptions {
  echo: boolean;
  log: (line: string) => void;
  /** Build and start the console (default true); `pnpm bench` needs only the data path. */
  console?: boolean;
  /**
   * Ctrl-C during start-up: the services already started are stopped and start-up ends with a
   * StartupError once the step in progress returns (they run in process groups of their own, so
   * the terminal's signal never reaches them).
   */
  signal?: AbortSignal;
}

/**
 * Brings the local platform up in dependency order: checks PostgreSQL and Redis (already running
 * on the machine), migrates the database, creates the platform CA, starts Kafka and Mosquitto,
 * then the control plane, the ingest bridge and the console. Stops in reverse order.
 */
export async function startPlatform(
  config: PlatformConfig,
  { echo, log, console: withConsole = true, signal }: StartOptions,
): Promise<RunningPlatform> {
  const started: ManagedProcess[] = [];
  const stop = async () => {
    for (const proc of [...started].reverse()) {
      log(`stopping ${proc.name}`);
      await proc.stop();
    }
  };
  const step = async <T>(label: string, run: () => Promise<T>): Promise<T> => {
    const begin = Date.now();
    const result = await run();
    log(`${label} (${((Date.now() - begin) / 1000).toFixed(1)} s)`);
    return result;
  };
  const interrupted = () => {
    if (signal?.aborted) throw new StartupError("interrupted during start-up; what had started is stopped");
  };
  /** A long-running process: kept for stop(), and the place where Ctrl-C during start-up is noticed. */
  const service = async (label: string, run: () => Promise<ManagedProcess>) => {
    interrupted();
    started.push(await step(label, run));
    interrupted();
  };

  try {
    const [database, redis] = await Promise.all([probeDatabase(config.databaseUrl), probeRedis(config.redisUrl)]);
    if (!redis.ok) throw new StartupError(`FLEETWIRE_REDIS_URL: ${redis.detail}`);
    if (!database.ok && !/does not exist/.test(database.detail)) {
      throw new StartupError(`FLEETWIRE_DATABASE_URL: ${database.detail}`);
    }
    const { coap, ...tcp } = config.ports;
    const busy = await findBusyPorts(config.host, [
      ...Object.entries(tcp).map(([name, port]) => ({ name, port })),
      { name: "coap", port: coap, udp: true },
    ]);
    if (busy.length > 0) {
      throw new StartupError(
        `ports already in use: ${busy.map((b) => `${b.port} (${b.name})`).join(", ")}. Another Fleetwire platform ` +
          "or another program holds them: stop it, or move this platform with FLEETWIRE_PORT_OFFSET",
      );
    }
    await step("database migrated", () => migrateDatabase(config.databaseUrl, (line) => log(`  ${line}`)));
    const ca = await step("platform CA ready", () => ensurePlatformCa(config));

    await step("Kafka installed", () => ensureKafkaInstalled(config, { info: log }));
    await service(`Kafka ready on ${config.kafka.brokers.join(",")}`, () => startKafka(config, { echo }));
    await step("Kafka topics ready", () => ensureTopics(config));

    await writeMosquittoConfig(config, ca);
    await service("Mosquitto ready", () => startMosquitto(config, { echo }));

    await service("control plane ready", () =>
      startNodeService(config, {
        name: "control-plane",
        entry: "apps/control-plane/src/main.ts",
        healthUrl: `${config.urls.controlPlane}/health`,
        echo,
      }),
    );
    await service("ingest bridge ready", () =>
      startNodeService(config, {
        name: "ingest-bridge",
        entry: "apps/ingest-bridge/src/main.ts",
        healthUrl: `${config.urls.ingestBridge}/health`,
        echo,
      }),
    );
    for (const name of WORKER_PROCESS_NAMES) {
      await service(`${WORKER_PROCESSES[name].label} ready`, () => startWorkerService(config, name, echo));
    }
    if (withConsole) {
      await step("console built", async () => buildConsoleIfChanged(log));
      interrupted();
      await service("console ready", () => startConsole(config, echo));
    }
  } catch (error) {
    await stop();
    throw error;
  }

  const unexpectedExit = Promise.race(started.map((proc) => proc.exited.then(() => proc.name)));
  return { unexpectedExit, stop };
}

export function describeEndpoints(config: PlatformConfig): string {
  const e = platformEndpoints(config);
  return [
    `  Console              ${e.consoleUrl}   (sign in as ${config.admin.email})`,
    `  Control plane API    ${e.controlPlaneUrl}   (health: ${e.controlPlaneUrl}/health)`,
    `  Device HTTPS (mTLS)  ${e.deviceHttpsUrl}`,
    `  Ingest bridge        ${e.ingestBridgeUrl}   (metrics: ${e.ingestBridgeUrl}/metrics)`,
    `  Rules worker         ${e.rulesWorkerUrl}   (health, metrics)`,
    `  Writers              ${e.writersUrl}   (health, metrics: time series, archive, alerts)`,
    `  MQTT mutual TLS      ${e.mqttMtls}`,
    `  MQTT TLS-PSK         ${e.mqttPsk}`,
    `  MQTT services        ${e.mqttService}   (platform services only)`,
    `  CoAP (UDP)           ${config.host}:${e.coapPort}`,
    `  Kafka bootstrap      ${e.kafkaBootstrap}`,
    `  PostgreSQL           ${e.databaseUrl}`,
    `  Redis                ${e.redisUrl}`,
    `  Platform CA chain    ${e.caChainPath}`,
    `  Logs                 ${config.stateDir}/logs/`,
  ].join("\n");
}
