import type { Logger } from "@fleetwire/core";

/**
 * The roles a worker process can run (`writers-main.ts --roles timeseries,archive,...`). A
 * role registers a start function; the process starts the selected ones, serves their health
 * on /health, and stops them in reverse order on SIGTERM.
 */
export interface WorkerHealth {
  ok: boolean;
  detail: string;
  [more: string]: unknown;
}

export interface RunningWorker {
  health(): WorkerHealth;
  /** Stop intake, finish in-flight work, flush and disconnect. */
  stop(): Promise<void>;
}

export interface WorkerRoleContext {
  log: Logger;
}

export type StartWorkerRole = (context: WorkerRoleContext) => Promise<RunningWorker>;

const roles = new Map<string, StartWorkerRole>();

export function registerWorkerRole(name: string, start: StartWorkerRole): void {
  if (!/^[a-z][a-z0-9-]{0,31}$/.test(name)) throw new Error(`invalid worker role name "${name}"`);
  if (roles.has(name)) throw new Error(`worker role "${name}" is registered twice`);
  roles.set(name, start);
}

export function workerRoleNames(): string[] {
  return [...roles.keys()];
}

export function workerRole(name: string): StartWorkerRole | undefined {
  return roles.get(name);
}

/** `--roles a,b` (or `--roles=a,b`); none given: every registered role. Unknown names are an error. */
export function selectWorkerRoles(argv: readonly string[]): string[] {
  const index = argv.findIndex((a) => a === "--roles" || a.startsWith("--roles="));
  const known = workerRoleNames();
  if (index === -1) return known;
  const arg = argv[index] as string;
  const value = arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : (argv[index + 1] ?? "");
  const wanted = [
    ...new Set(
      value
        .split(",")
        .map((r) => r.trim())
        .filter(Boolean),
    ),
  ];
  if (wanted.length === 0) throw new Error(`--roles needs a comma-separated list of: ${known.join(", ")}`);
  const unknown = wanted.filter((r) => !roles.has(r));
  if (unknown.length > 0) {
    throw new Error(`unknown worker role ${unknown.join(", ")}; known roles: ${known.join(", ")}`);
  }
  return wanted;
}
