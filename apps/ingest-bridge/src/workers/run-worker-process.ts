import { ConfigError, loadPlatformConfig, type PlatformConfig } from "@fleetwire/config";
import { createLogger } from "@fleetwire/core";
import { disconnectPrisma } from "@fleetwire/db";
import { collectDefaultMetrics } from "prom-client";
import { type RunningWorker, selectWorkerRoles, workerRole } from "./worker-roles.ts";
import { buildWorkersHealthServer } from "./workers-health-server.ts";

export interface WorkerProcess {
  /** Names the logger and the error prefix: `rules-worker`, `writers`. */
  name: string;
  /** Where its /health and /metrics listen, and the variable that moves it. */
  port: (config: PlatformConfig) => number;
  portVariable: string;
}

/**
 * A pipeline worker process: starts the roles its entry registered (or those `--roles a,b`
 * names), serves their /health and Prometheus /metrics, and on SIGTERM/SIGINT stops them in
 * reverse order (each drains, flushes and commits). The rules worker and the writers run as
 * separate processes: on a shared machine each then has an event loop of its own, so a writer's
 * flush does not hold up the rules worker's transactions (bench/RESULTS.md, 2026-12-07).
 */
export function runWorkerProcess(spec: WorkerProcess): void {
  const log = createLogger(spec.name);
  const fail = (message: string): never => {
    process.stderr.write(`${spec.name}: ${message}\n`);
    process.exit(1);
  };

  const main = async () => {
    let config: PlatformConfig;
    let names: string[];
    try {
      config = loadPlatformConfig();
      names = selectWorkerRoles(process.argv.slice(2));
    } catch (error) {
      if (error instanceof ConfigError || error instanceof Error) fail(error.message);
      throw error;
    }
    collectDefaultMetrics();
    const running = new Map<string, RunningWorker>();
    const stopAll = async () => {
      for (const [name, worker] of [...running].reverse()) {
        log.info({ role: name }, "stopping");
        await worker.stop().catch((err) => log.error({ err, role: name }, "stopping failed"));
      }
      running.clear();
    };

    const port = spec.port(config);
    const server = buildWorkersHealthServer(() => running);
    await server
      .listen({ host: config.host, port })
      .catch((error: Error) => fail(`${spec.portVariable}: ${error.message}`));

    for (const name of names) {
      const start = workerRole(name);
      if (!start) continue;
      try {
        running.set(name, await start({ log }));
        log.info({ role: name }, "worker started");
      } catch (error) {
        log.error({ err: error, role: name }, "worker failed to start");
        await stopAll();
        await server.close();
        fail(`${name}: ${(error as Error).message}`);
      }
    }
    log.info({ roles: names, health: `http://${config.host}:${port}/health` }, `${spec.name} running`);

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
    log.error({ err: error }, `${spec.name} failed`);
    process.exit(1);
  });
}
