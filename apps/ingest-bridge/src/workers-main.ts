import { ConfigError, loadPlatformConfig } from "@fleetwire/config";
import { createLogger, hideKafkajsTimerWarning } from "@fleetwire/core";
import { disconnectPrisma } from "@fleetwire/db";
import { collectDefaultMetrics } from "prom-client";
import { type RunningWorker, selectWorkerRoles, workerRole } from "./workers/worker-roles.ts";
import { buildWorkersHealthServer } from "./workers/workers-health-server.ts";
// Each role registers itself; add a line here for a new one.
import "./workers/rules/rules-worker-role.ts";
import "./writers/writer-roles.ts";

/**
 * The pipeline workers process: `tsx apps/ingest-bridge/src/workers-main.ts [--roles rules,...]`
 * (default: every registered role). Health and metrics on config.ports.pipelineWorkers.
 */
hideKafkajsTimerWarning();
const log = createLogger("pipeline-workers");

function fail(message: string): never {
  process.stderr.write(`pipeline-workers: ${message}\n`);
  process.exit(1);
}

async function main() {
  let config: ReturnType<typeof loadPlatformConfig>;
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

  const server = buildWorkersHealthServer(() => running);
  await server
    .listen({ host: config.host, port: config.ports.pipelineWorkers })
    .catch((error: Error) => fail(`FLEETWIRE_PIPELINE_WORKERS_PORT: ${error.message}`));

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
  log.info({ roles: names, health: `${config.urls.pipelineWorkers}/health` }, "pipeline workers running");

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "stopping: draining every worker");
    await stopAll();
    await server.close();
    await disconnectPrisma();
    process.exit(0);
  };
  process.once("SIGTERM", () => void stop("SIGTERM"));
  process.once("SIGINT", () => void stop("SIGINT"));
}

main().catch((error) => {
  log.error({ err: error }, "pipeline workers failed");
  process.exit(1);
});
