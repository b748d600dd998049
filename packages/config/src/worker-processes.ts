import type { PlatformConfig } from "./platform-config.ts";

/**
 * The pipeline's worker processes: the entry each runs, its port (a key of config.ports and
 * config.urls) and the variable that moves that port. One table for the processes themselves,
 * `pnpm start`, the bench and the tests that start them.
 */
export const WORKER_PROCESSES = {
  "rules-worker": {
    label: "rules worker",
    entry: "apps/ingest-bridge/src/rules-worker-main.ts",
    port: "rulesWorker",
    portVariable: "FLEETWIRE_RULES_WORKER_PORT",
  },
  writers: {
    label: "writers",
    entry: "apps/ingest-bridge/src/writers-main.ts",
    port: "writers",
    portVariable: "FLEETWIRE_WRITERS_PORT",
  },
} as const;

export type WorkerProcessName = keyof typeof WORKER_PROCESSES;
export const WORKER_PROCESS_NAMES = Object.keys(WORKER_PROCESSES) as WorkerProcessName[];

/** Where a worker process answers /health on this platform. */
export function workerHealthUrl(config: Pick<PlatformConfig, "urls">, name: WorkerProcessName): string {
  return `${config.urls[WORKER_PROCESSES[name].port]}/health`;
}
