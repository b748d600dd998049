import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import type { PlatformConfig } from "@fleetwire/config";
import { kafkaHealth } from "./kafka-admin.ts";
import { ensureKafkaInstalled, type InfraLog, KAFKA_LOG4J2_CONFIG } from "./kafka-install.ts";
import { kafkaPaths, renderServerProperties } from "./kafka-server-config.ts";
import { type ManagedProcess, startProcess, waitUntil } from "./managed-process.ts";

export * from "./kafka-admin.ts";
export {
  ensureKafkaInstalled,
  type InfraLog,
  isKafkaInstalled,
  kafkaLibsDir,
  kafkaVersion,
} from "./kafka-install.ts";
export { kafkaPaths, renderServerProperties } from "./kafka-server-config.ts";

const run = promisify(execFile);

/** A controlled shutdown of one node takes a few seconds; give it room before SIGKILL. */
const STOP_GRACE_MS = 30_000;

const quiet: InfraLog = { info: () => {} };

function jvmArgs(config: PlatformConfig, libs: string): string[] {
  return [
    `-Xmx${config.kafka.heap}`,
    `-Xms${config.kafka.heap}`,
    "-XX:+UseG1GC",
    "-XX:MaxGCPauseMillis=20",
    "-XX:InitiatingHeapOccupancyPercent=35",
    "-XX:+ExplicitGCInvokesConcurrent",
    // Network buffers are off-heap; without a cap the JVM allows as much as the heap again.
    "-XX:MaxDirectMemorySize=256m",
    "-XX:+ExitOnOutOfMemoryError",
    "-Djava.awt.headless=true",
    `-Dlog4j2.configurationFile=${KAFKA_LOG4J2_CONFIG}`,
    `-Dkafka.logs.dir=${path.dirname(kafkaPaths(config).logFile)}`,
    "-cp",
    path.join(libs, "*"),
  ];
}

/** A KRaft cluster id: 16 random bytes, base64url without padding (what `random-uuid` prints). */
function newClusterId(): string {
  return randomBytes(16).toString("base64url");
}

/**
 * Formats the data folder on the first start only. The cluster id lives in meta.properties from
 * then on, so later starts keep the data.
 */
async function formatStorageOnce(config: PlatformConfig, libs: string, log: InfraLog, clusterId: string) {
  const paths = kafkaPaths(config);
  if (existsSync(paths.metaProperties)) return;
  log.info(`formatting Kafka storage in ${paths.logDir} (cluster ${clusterId})`);
  const args = [
    ...jvmArgs({ ...config, kafka: { ...config.kafka, heap: "256m" } }, libs),
    "kafka.tools.StorageTool",
    "format",
    "--standalone",
    "--ignore-formatted",
    // Attached with "=": a base64url id may start with "-", which as a separate argument the
    // tool's parser takes for an option ("argument --cluster-id/-t: expected one argument").
    `--cluster-id=${clusterId}`,
    `--config=${paths.serverProperties}`,
  ];
  try {
    await run("java", args, { maxBuffer: 4 * 1024 * 1024 });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`formatting Kafka storage failed: ${(e.stderr || e.stdout || e.message).trim()}`);
  }
}

export interface StartKafkaOptions {
  echo?: boolean;
  log?: InfraLog;
  /** How long to wait for the broker to answer a metadata request. */
  readyTimeoutMs?: number;
  /** The KRaft cluster id if the data folder is formatted now (default: a random one). */
  clusterId?: string;
}

/**
 * Starts this profile's single-node KRaft broker and resolves once it answers a metadata request.
 * Stopping sends SIGTERM, on which Kafka shuts down in a controlled way and flushes its logs.
 */
export async function startKafka(config: PlatformConfig, options: StartKafkaOptions = {}): Promise<ManagedProcess> {
  const log = options.log ?? quiet;
  const already = await kafkaHealth(config, 1_000);
  if (already.ok) {
    throw new Error(`a Kafka broker already answers on ${config.kafka.brokers.join(",")} (${already.detail})`);
  }
  const libs = await ensureKafkaInstalled(config, log);
  const paths = kafkaPaths(config);
  await mkdir(paths.logDir, { recursive: true });
  await writeFile(paths.serverProperties, renderServerProperties(config));
  await formatStorageOnce(config, libs, log, options.clusterId ?? newClusterId());

  const proc = startProcess({
    name: "kafka",
    command: "java",
    args: [...jvmArgs(config, libs), "kafka.Kafka", paths.serverProperties],
    logFile: paths.logFile,
    echo: options.echo,
  });
  try {
    await waitUntil("kafka", async () => (await kafkaHealth(config, 1_000)).ok, {
      timeoutMs: options.readyTimeoutMs ?? 90_000,
      intervalMs: 500,
      process: proc,
    });
  } catch (error) {
    await proc.stop(5_000);
    throw new Error(`${(error as Error).message} (see ${paths.logFile})`);
  }
  return { ...proc, stop: (graceMs = STOP_GRACE_MS) => proc.stop(graceMs) };
}
