import path from "node:path";
import { type PlatformConfig, REPO_ROOT } from "@fleetwire/config";
import { type ManagedProcess, startProcess, waitUntil } from "./managed-process.ts";
import { probeHttp } from "./probes.ts";

/** Where a service started by the platform writes its output: <stateDir>/logs/<name>.log. */
export function serviceLogFile(config: Pick<PlatformConfig, "stateDir">, name: string): string {
  return path.join(config.stateDir, "logs", `${name}.log`);
}

export interface NodeServiceOptions {
  /** Names the log file (<stateDir>/logs/<name>.log) and the service in errors. */
  name: string;
  /** The entry file, relative to the repository root; tsx runs it. */
  entry: string;
  args?: string[];
  /** The service's environment; this process's when left out. */
  env?: NodeJS.ProcessEnv;
  healthUrl: string;
  /** Also echo its output here, prefixed with its name (`pnpm start`). */
  echo?: boolean;
}

/**
 * Starts one of our Node services (control plane, ingest bridge, a pipeline worker) as `pnpm
 * start`, the bench and the integration tests run it, and waits for its /health to answer 200.
 */
export async function startNodeService(config: PlatformConfig, options: NodeServiceOptions): Promise<ManagedProcess> {
  const proc = startProcess({
    name: options.name,
    command: path.join(REPO_ROOT, "node_modules/.bin/tsx"),
    args: [path.join(REPO_ROOT, options.entry), ...(options.args ?? [])],
    cwd: REPO_ROOT,
    env: options.env,
    logFile: serviceLogFile(config, options.name),
    echo: options.echo,
  });
  await waitUntil(options.name, async () => (await probeHttp(options.healthUrl, 1000)).ok, {
    process: proc,
    // Generous: a loaded 2-core CI machine has taken more than a minute to start one service.
    timeoutMs: 180_000,
  });
  return proc;
}
