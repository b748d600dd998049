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
