import {
  ConfigError,
  loadPlatformConfig,
  type PlatformConfig,
  WORKER_PROCESSES,
  type WorkerProcessName,
  workerHealthUrl,
} from "@fleetwire/config";
import { createLogger } from "@fleetwire/core";
import { disconnectPrisma } from "@fleetwire/db";
import { collectDefaultMetrics } from "prom-client";
import { type RunningWorker, selectWorkerRoles, workerRole } from "./worker-roles.ts";
import { buildWorkersHealthServer } from "./workers-health-server.ts";

/**
 * A pipeline worker process: starts the roles its entry registered (or those `--roles a,b`
 * names), serves their /health and Prometheus /metrics, and on SIGTERM/SIGINT stops them in
 * reverse order (each drains, flushes and commits). The rules worker and the writers run as
 * separate processes: on a shared machine each then has an event loop of its own, so a writer's
 * flush does not hold up the rules worker's transactions (bench/RESULTS.md, 2026-12-07).
 */
export function runWorkerProcess(name: WorkerProcessName): void {
  const spec = WORKER_PROCESSES[name];
  const log = createLogger(name);
  const fail = (message: string): never => {
    process.stderr.write(`${name}: ${message}\n`);
    process.exit(1);
  };

  const main = async () => {
    let config: PlatformConfig;
    let roles: string[];
    try {
      config = loadPlatformConfig();
      roles = selectWorkerRoles(process.argv.slice(2));
    } catch (error) {
      if (error instanceof ConfigError || error instanceof Error) fail(error.message);
      throw error;
    }
    collectDefaultMetrics();
    const running = new Map<string, RunningWorker>();
    const stopAll = async () => {
      for (const [role, worker] of [...running].reverse()) {
        log.info({ role }, "stopping");
        await worker.stop().catch((err) => log.error({ err, role }, "stopping failed"));
      }
      running.clear();
    };

    const port = config.ports[spec.port];
    const server = buildWorkersHealthServer(() => running);
    await server
      .listen({ host: config.host, port })
      .catch((error: Error) => fail(`${spec.portVariable}: ${error.message}`));

    for (const role of roles) {
      const start = workerRole(role);
      if (!start) continue;
      try {
        running.set(role, await start({ log }));
        log.info({ role }, "worker started");
      } catch (error) {
        log.error({ err: error, role }, "worker failed to start");
        await stopAll();
        await server.close();
        fail(`${role}: ${(error as Error).message}`);
      }
    }
    log.info({ roles, health: workerHealthUrl(config, name) }, `${name} running`);

    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      log.info({ signal }, "stopping: draining every role");
      await stopAll();
      await server.close();
      await disconnectPrisma();
      process.exit(0);
    };
    process.once("SIGTERM", () => void stop("SIGTERM"));
    process.once("SIGINT", () => void stop("SIGINT"));
  };

  main().catch((error) => {
    log.error({ err: error }, `${name} failed`);
    process.exit(1);
  });
}
