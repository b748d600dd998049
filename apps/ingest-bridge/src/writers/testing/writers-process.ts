import { randomBytes } from "node:crypto";
import path from "node:path";
import { type PlatformConfig, REPO_ROOT } from "@fleetwire/config";
import { type ManagedProcess, probeHttp, startProcess, waitUntil } from "@fleetwire/infra";
import { freePort } from "../../testing/free-port.ts";

export interface WritersUnderTest {
  healthUrl: string;
  process: ManagedProcess;
  /** SIGKILL to the whole process group: no drain, no flush, no offset commit. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Runs the real pipeline-workers process (tsx apps/ingest-bridge/src/workers-main.ts) with the
 * given roles on a port of its own, with the test's topic and group names in `env`.
 */
export async function startWriters(
  config: PlatformConfig,
  roles: string[],
  env: Record<string, string>,
  name = roles.join("-"),
): Promise<WritersUnderTest> {
  const port = await freePort();
  const healthUrl = `http://127.0.0.1:${port}/health`;
  const proc = startProcess({
    name: `writers-${name}`,
    command: path.join(REPO_ROOT, "node_modules/.bin/tsx"),
    args: [path.join(REPO_ROOT, "apps/ingest-bridge/src/workers-main.ts"), "--roles", roles.join(",")],
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      FLEETWIRE_PROFILE: config.profile,
      FLEETWIRE_PIPELINE_WORKERS_PORT: String(port),
      // Its own instance id: sharing the platform's would share its Kafka transactional id, and
      // the newer producer fences the older one, leaving the platform's rules worker dead.
      FLEETWIRE_WORKER_INSTANCE: `t${randomBytes(3).toString("hex")}`,
      LOG_LEVEL: "warn",
      ...env,
    },
    logFile: path.join(config.stateDir, "logs", `writers-${name}.log`),
  });
  await waitUntil("pipeline workers", async () => (await probeHttp(healthUrl, 1000)).ok, {
    process: proc,
    timeoutMs: 180_000, // a loaded 2-core CI machine has needed more than a minute
  });
  return {
    healthUrl,
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
