import { randomBytes } from "node:crypto";
import path from "node:path";
import { type PlatformConfig, REPO_ROOT, WORKER_PROCESSES, type WorkerProcessName } from "@fleetwire/config";
import { freePort } from "./free-port.ts";
import { type ManagedProcess, startProcess, waitUntil } from "./managed-process.ts";
import { probeHttp } from "./probes.ts";

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
  const proc = startProcess({
    name,
    command: path.join(REPO_ROOT, "node_modules/.bin/tsx"),
    args: [path.join(REPO_ROOT, entry), ...(options.roles ? ["--roles", options.roles.join(",")] : [])],
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      FLEETWIRE_PROFILE: config.profile,
      [portVariable]: String(port),
      FLEETWIRE_WORKER_INSTANCE: instance,
      LOG_LEVEL: "warn",
      ...options.env,
    },
    logFile: path.join(config.stateDir, "logs", `${name}.log`),
  });
  await waitUntil(name, async () => (await probeHttp(healthUrl, 1000)).ok, {
    process: proc,
    timeoutMs: 180_000, // a loaded 2-core CI machine has needed more than a minute
  });
  return {
    instance,
    healthUrl,
    metricsUrl: `http://127.0.0.1:${port}/metrics`,
    process: proc,
    async kill() {
      if (proc.pid) process.kill(-proc.pid, "SIGKILL");
      await proc.exited;
    },
    async stop() {
      await proc.stop(20_000);
    },
  };
}
