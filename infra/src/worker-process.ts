import { randomBytes } from "node:crypto";
import { type PlatformConfig, WORKER_PROCESSES, type WorkerProcessName } from "@fleetwire/config";
import { freePort } from "./free-port.ts";
import type { ManagedProcess } from "./managed-process.ts";
import { startNodeService } from "./node-service.ts";

export interface WorkerProcessUnderTest {
  /** Its FLEETWIRE_WORKER_INSTANCE: the rules worker's transactional id is `fleetwire-rules-<instance>`. */
  instance: string;
  healthUrl: string;
  metricsUrl: string;
  process: ManagedProcess;
  /** SIGKILL to the whole process group: no drain, no flush, no offset commit, no abort of an open transaction. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Runs a real pipeline worker process for a test (tsx apps/ingest-bridge/src/rules-worker-main.ts
 * or writers-main.ts) on a port of its own, with the given writer roles (writers only) and the
 * test's settings in `env`. Its instance id is its own unless `env` names one (a restart that
 * must take over the previous run's transactional id).
 */
export async function startWorkerProcess(
  config: PlatformConfig,
  kind: WorkerProcessName,
  options: { roles?: string[]; env?: Record<string, string>; name?: string } = {},
): Promise<WorkerProcessUnderTest> {
  const { entry, portVariable } = WORKER_PROCESSES[kind];
  // Sharing the platform's instance id would share its Kafka transactional id, and the newer
  // producer fences the older one, leaving the platform's rules worker dead.
  const instance = options.env?.FLEETWIRE_WORKER_INSTANCE ?? `t${randomBytes(3).toString("hex")}`;
  const name = `${kind}-${options.name ?? options.roles?.join("-") ?? instance}`;
  const port = await freePort();
  const healthUrl = `http://127.0.0.1:${port}/health`;
  const proc = await startNodeService(config, {
    name,
    entry,
    args: options.roles ? ["--roles", options.roles.join(",")] : [],
    healthUrl,
    env: {
      ...process.env,
      FLEETWIRE_PROFILE: config.profile,
      [portVariable]: String(port),
      FLEETWIRE_WORKER_INSTANCE: instance,
      LOG_LEVEL: "warn",
      ...options.env,
    },
  });
  return {
    instance,
    healthUrl,
    metricsUrl: `http://127.0.0.1:${port}/metrics`,
    process: proc,
    kill: () => proc.kill(),
    stop: () => proc.stop(20_000),
  };
}
