import { readdirSync, readFileSync } from "node:fs";
import type { PlatformConfig } from "@fleetwire/config";
import { runningMosquittoPid } from "@fleetwire/infra/mosquitto";

/**
 * The pid of the Node process running `entry` (e.g. apps/ingest-bridge/src/main.ts) for the
 * platform whose state lives in `stateDir`. tsx runs a launcher and the real process beneath it;
 * the real one is the process that loads tsx's preflight module.
 */
export function findServiceProcess(entry: string, stateDir: string): number | undefined {
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cmdline = readFileSync(`/proc/${name}/cmdline`, "utf8").split("\0");
      if (!cmdline.some((arg) => arg.endsWith(entry)) || !cmdline.some((arg) => arg.includes("preflight"))) continue;
      const environ = readFileSync(`/proc/${name}/environ`, "utf8").split("\0");
      if (environ.includes(`FLEETWIRE_STATE_DIR=${stateDir}`)) return Number(name);
    } catch {
      // the process ended while we looked, or it is not ours to read
    }
  }
  return undefined;
}

/** CPU time (user + system) of a process in seconds, from /proc/<pid>/stat. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
}

/** Every pid whose command line contains `needle` (e.g. all PostgreSQL backends). */
export function pidsMatching(needle: (cmdline: string) => boolean): number[] {
  const out: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (needle(readFileSync(`/proc/${name}/cmdline`, "utf8").replaceAll("\0", " "))) out.push(Number(name));
    } catch {}
  }
  return out;
}

/** The bench platform's Kafka broker (a JVM whose command line names its state directory). */
export function kafkaBrokerPids(stateDir: string): number[] {
  return pidsMatching((c) => c.includes("kafka.Kafka") && c.includes(stateDir));
}

/** The bench platform's Mosquitto. */
export function mosquittoPid(config: PlatformConfig): number {
  const pid = runningMosquittoPid(config);
  if (pid === undefined) throw new Error("Mosquitto is not running (no live process in its pid file)");
  return pid;
}

/**
 * CPU seconds used by a set of processes since the call, read when the returned function is
 * called. Counted per pid: a process that ends meanwhile (a PostgreSQL backend) is left out
 * rather than subtracted.
 */
export function cpuSinceNow(pids: number[]): () => number {
  const read = () => {
    const times = new Map<number, number>();
    for (const pid of pids) {
      try {
        times.set(pid, cpuSeconds(pid));
      } catch {
        // gone
      }
    }
    return times;
  };
  const before = read();
  return () => {
    let used = 0;
    for (const [pid, t] of read()) {
      const t0 = before.get(pid);
      if (t0 !== undefined) used += t - t0;
    }
    return used;
  };
}

/**
 * Cores a set of processes use while the bench does nothing (sampled over `ms`): what to take
 * away from a measurement so it counts only the work the bench gave them.
 */
export async function idleCores(pids: number[], ms: number): Promise<number> {
  const cpu = cpuSinceNow(pids);
  const t0 = performance.now();
  await new Promise((resolve) => setTimeout(resolve, ms));
  return cpu() / ((performance.now() - t0) / 1000);
}
