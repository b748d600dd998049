import { existsSync } from "node:fs";
import path from "node:path";
import { type PlatformConfig, REPO_ROOT } from "@fleetwire/config";
import { probeHttp } from "@fleetwire/infra";
import { startNodeService } from "../../scripts/platform/services.ts";

const WORKERS_ENTRY = "apps/ingest-bridge/src/workers-main.ts";

/**
 * The pipeline workers (rules worker and writers) are needed for the end-to-end figures. When
 * startPlatform already runs them this does nothing; when it does not yet but the entry point
 * exists, the bench starts them itself; otherwise the end-to-end suites report them missing.
 */
export async function startPipelineWorkersIfMissing(config: PlatformConfig, log: (line: string) => void) {
  const healthUrl = `${config.urls.pipelineWorkers}/health`;
  if ((await probeHttp(healthUrl, 1000)).ok) return null;
  if (!existsSync(path.join(REPO_ROOT, WORKERS_ENTRY))) {
    log(`pipeline workers: ${WORKERS_ENTRY} does not exist yet; end-to-end suites will be skipped`);
    return null;
  }
  log("pipeline workers: not started by the platform; starting them for the bench");
  return startNodeService(config, { name: "pipeline-workers", entry: WORKERS_ENTRY, healthUrl, echo: false });
}

export async function pipelineWorkersRunning(config: PlatformConfig): Promise<boolean> {
  return (await probeHttp(`${config.urls.pipelineWorkers}/health`, 1000)).ok;
}

/** Fails early, naming the port, when something else already listens on one of the bench's ports. */
export async function assertPortsFree(config: PlatformConfig): Promise<void> {
  const { createServer } = await import("node:net");
  for (const [name, port] of Object.entries(config.ports)) {
    await new Promise<void>((resolve, reject) => {
      const server = createServer();
      server.once("error", () =>
        reject(
          new Error(
            `port ${port} (${name}) is in use: another platform runs with FLEETWIRE_PORT_OFFSET ${port - (BASE_PORT_HINT[name] ?? port)}? Stop it or set FLEETWIRE_BENCH_KEEP_ENV=1 with another offset`,
          ),
        ),
      );
      server.listen({ host: "127.0.0.1", port, exclusive: true }, () => server.close(() => resolve()));
    });
  }
}

const BASE_PORT_HINT: Record<string, number> = { kafka: 9092, mqttMtls: 8883, mqttService: 1884, console: 3000 };
