import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream, mkdirSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

export interface ManagedProcess {
  readonly name: string;
  readonly pid: number | undefined;
  /** Resolves when the process has exited, with its exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL after `graceMs`. Resolves once the process is gone. */
  stop(graceMs?: number): Promise<void>;
}

export interface StartProcessOptions {
  name: string;
  command: string;
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Output goes to this file (appended), so a failed start can be diagnosed afterwards. */
  logFile: string;
  /** Also echo output to the console, prefixed with the name. */
  echo?: boolean;
}

/** Starts a long-running child in its own process group so stopping it takes its children too. */
export function startProcess(options: StartProcessOptions): ManagedProcess {
  mkdirSync(path.dirname(options.logFile), { recursive: true });
  const log = createWriteStream(options.logFile, { flags: "a" });
  const child: ChildProcess = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const prefix = `[${options.name}] `;
  for (const stream of [child.stdout, child.stderr]) {
    stream?.on("data", (chunk: Buffer) => {
      log.write(chunk);
      if (options.echo) {
        for (const line of chunk.toString().split("\n")) if (line.trim()) process.stdout.write(`${prefix}${line}\n`);
      }
    });
  }
  const exited = new Promise<number | null>((resolve) => {
    child.on("exit", (code) => {
      log.end();
      resolve(code);
    });
    child.on("error", (error) => {
      log.write(`failed to start: ${error.message}\n`);
      resolve(127);
    });
  });
  let gone = false;
  void exited.then(() => {
    gone = true;
  });

  const signal = (sig: NodeJS.Signals) => {
    if (gone || child.pid === undefined) return;
    try {
      process.kill(-child.pid, sig);
    } catch {
      // already gone
    }
  };

  return {
    name: options.name,
    pid: child.pid,
    exited,
    async stop(graceMs = 15_000) {
      signal("SIGTERM");
      const outcome = await Promise.race([
        exited.then(() => "exited" as const),
        sleep(graceMs).then(() => "timeout" as const),
      ]);
      if (outcome === "timeout") {
        signal("SIGKILL");
        await exited;
      }
    },
  };
}

/** Polls `check` until it resolves true, the process exits, or the timeout passes. */
export async function waitUntil(
  what: string,
  check: () => Promise<boolean>,
  {
    timeoutMs = 60_000,
    intervalMs = 250,
    process: proc,
  }: { timeoutMs?: number; intervalMs?: number; process?: ManagedProcess } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void proc?.exited.then(() => {
    exited = true;
  });
  while (Date.now() < deadline) {
    if (exited) throw new Error(`${what}: the process exited before it was ready`);
    if (await check().catch(() => false)) return;
    await sleep(intervalMs);
  }
  throw new Error(`${what}: not ready after ${Math.round(timeoutMs / 1000)} s`);
}
