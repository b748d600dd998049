import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import {
  type PlatformConfig,
  REPO_ROOT,
  WORKER_PROCESSES,
  type WorkerProcessName,
  workerHealthUrl,
} from "@fleetwire/config";
import {
  type ManagedProcess,
  probeHttp,
  serviceLogFile,
  startNodeService,
  startProcess,
  waitUntil,
} from "@fleetwire/infra";

const CONSOLE_DIR = path.join(REPO_ROOT, "apps/console");

/** Starts a pipeline worker process (WORKER_PROCESSES) and waits for its /health. */
export function startWorkerService(config: PlatformConfig, name: WorkerProcessName, echo: boolean) {
  const { entry } = WORKER_PROCESSES[name];
  return startNodeService(config, { name, entry, healthUrl: workerHealthUrl(config, name), echo });
}

/** A fingerprint of the console's sources, so `next build` runs only when something changed. */
function consoleSourceHash(): string {
  const hash = createHash("sha256");
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === "node_modules" || entry.name === ".next" || entry.name.startsWith(".turbo")) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else {
        const stat = statSync(full);
        hash.update(`${full}:${stat.size}:${stat.mtimeMs}\n`);
      }
    }
  };
  walk(CONSOLE_DIR);
  for (const pkg of readdirSync(path.join(REPO_ROOT, "packages"))) {
    const src = path.join(REPO_ROOT, "packages", pkg, "src");
    if (existsSync(src)) walk(src);
  }
  return hash.digest("hex");
}

export async function buildConsoleIfChanged(log: (line: string) => void) {
  const stamp = path.join(CONSOLE_DIR, ".next", "fleetwire-source-hash");
  const current = consoleSourceHash();
  if (
    existsSync(path.join(CONSOLE_DIR, ".next", "BUILD_ID")) &&
    existsSync(stamp) &&
    readFileSync(stamp, "utf8") === current
  ) {
    return;
  }
  log("building the console (next build); later starts reuse the build until its sources change");
  // Not spawnSync: the services already started are children of this process and must not stall.
  const code = await new Promise<number>((resolve) => {
    const build = spawn(path.join(CONSOLE_DIR, "node_modules/.bin/next"), ["build"], {
      cwd: CONSOLE_DIR,
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    });
    build.on("exit", (status) => resolve(status ?? 1));
    build.on("error", () => resolve(127));
  });
  if (code !== 0) throw new Error("the console build failed (output above)");
  writeFileSync(stamp, current);
}

export async function startConsole(config: PlatformConfig, echo: boolean): Promise<ManagedProcess> {
  const proc = startProcess({
    name: "console",
    command: path.join(CONSOLE_DIR, "node_modules/.bin/next"),
    args: ["start", "-p", String(config.ports.console), "-H", config.host],
    cwd: CONSOLE_DIR,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    logFile: serviceLogFile(config, "console"),
    echo,
  });
  await waitUntil("console", async () => (await probeHttp(`${config.urls.console}/api/health`, 1000)).ok, {
    process: proc,
    timeoutMs: 180_000,
  });
  return proc;
}
