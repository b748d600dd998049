import { type PlatformConfig, WORKER_PROCESS_NAMES, workerHealthUrl } from "@fleetwire/config";
import { probeHttp } from "@fleetwire/infra";
import { startWorkerService } from "../../scripts/platform/services.ts";

/**
 * The rules worker and the writers are needed for the end-to-end figures. startPlatform runs
 * them; against a platform (--attach) where one was stopped, the bench starts it from the
 * current code.
 */
export async function startWorkerProcessesIfMissing(config: PlatformConfig, log: (line: string) => void) {
  const started = [];
  for (const name of WORKER_PROCESS_NAMES) {
    if ((await probeHttp(workerHealthUrl(config, name), 1000)).ok) continue;
    log(`${name}: not running; starting it for the bench`);
    started.push(await startWorkerService(config, name, false));
  }
  return started;
}

export async function workerProcessesRunning(config: PlatformConfig): Promise<boolean> {
  const probes = await Promise.all(WORKER_PROCESS_NAMES.map((name) => probeHttp(workerHealthUrl(config, name), 1000)));
  return probes.every((p) => p.ok);
}
