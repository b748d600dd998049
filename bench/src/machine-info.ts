import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";
import { kafkaVersion } from "@fleetwire/infra/kafka";

export interface MachineInfo {
  hostname: string;
  nproc: number;
  cpuModel: string;
  memoryGiB: number;
  kernel: string;
  node: string;
  kafka: string;
  mosquitto: string;
  postgres: string;
  /** 1-minute load average when the run started: other work on the machine skews every figure. */
  loadAverageAtStart: number;
  /** Share of time some runnable task waited for a CPU over the last 60 s (Linux PSI), percent. */
  cpuPressureAtStart: number | null;
}

/** /proc/pressure/cpu "some avg60": how much of the time something was waiting for a CPU. */
export function cpuPressure(): number | null {
  try {
    const text = readFileSync("/proc/pressure/cpu", "utf8");
    return Number(/some avg10=[\d.]+ avg60=([\d.]+)/.exec(text)?.[1] ?? Number.NaN);
  } catch {
    return null;
  }
}

function firstLine(command: string, args: string[]): string {
  try {
    const out = execFileSync(command, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 10_000 });
    return (
      out
        .split("\n")
        .find((line) => line.trim())
        ?.trim() ?? "unknown"
    );
  } catch (error) {
    // `mosquitto -h` prints its version and exits 3.
    const out = String((error as { stdout?: string }).stdout ?? "");
    return (
      out
        .split("\n")
        .find((line) => line.trim())
        ?.trim() ?? "unknown"
    );
  }
}

export function collectMachineInfo(): MachineInfo {
  return {
    hostname: os.hostname(),
    nproc: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model ?? "unknown",
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    kernel: `${os.type()} ${os.release()}`,
    node: process.version,
    kafka: kafkaVersion(),
    mosquitto: firstLine("/usr/sbin/mosquitto", ["-h"]).replace(/^mosquitto version /, ""),
    postgres: firstLine("psql", ["-h", "127.0.0.1", "-U", "postgres", "-Atc", "show server_version"]),
    loadAverageAtStart: Math.round((os.loadavg()[0] ?? 0) * 100) / 100,
    cpuPressureAtStart: cpuPressure(),
  };
}

export function gitCommit(): { commit: string; dirty: boolean } {
  const commit = firstLine("git", ["rev-parse", "--short=12", "HEAD"]);
  let dirty = false;
  try {
    dirty = execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], { encoding: "utf8" }).trim() !== "";
  } catch {}
  return { commit, dirty };
}
