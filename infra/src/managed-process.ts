import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, createWriteStream, mkdirSync, openSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

export interface ManagedProcess {
  readonly name: string;
  readonly pid: number | undefined;
  /** Resolves when the process has exited, with its exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL after `graceMs`. Resolves once the process is gone. */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL to the whole process group at once (a crash, for tests): no drain, no flush. Resolves once gone. */
  kill(): Promise<void>;
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

/**
 * Process groups of children still running. If this process exits without stopping them (a test
 * file that timed out before its afterAll, a crash), they are killed rather than left running:
 * a leaked worker keeps joining the consumer groups of whatever Kafka later listens on its port.
 */
const liveGroups = new Set<number>();
process.once("exit", () => {
  for (const pid of liveGroups) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
});

/**
 * Starts a long-running child in its own process group so stopping it takes its children too.
 *
 * Without `echo` the child writes straight into its log file: its output must never depend on
 * this process reading a pipe. A parent busy in a synchronous call (a test runner waiting for
 * vitest, `next build`) stops draining pipes, the 64 KiB pipe buffer fills, and the child
 * blocks in its next log write: Kafka's broker then misses controller heartbeats and is fenced,
 * and a Node service's event loop stalls (stdout to a pipe is synchronous on Linux).
 */
export function startProcess(options: StartProcessOptions): ManagedProcess {
  mkdirSync(path.dirname(options.logFile), { recursive: true });
  const spawnOptions = { cwd: options.cwd, env: options.env ?? process.env, detached: true };
  let child: ChildProcess;
  let closeLog: () => void;
  if (options.echo) {
    const log = createWriteStream(options.logFile, { flags: "a" });
    child = spawn(options.command, options.args, { ...spawnOptions, stdio: ["ignore", "pipe", "pipe"] });
    const prefix = `[${options.name}] `;
    for (const stream of [child.stdout, child.stderr]) {
      stream?.on("data", (chunk: Buffer) => {
        log.write(chunk);
        for (const line of chunk.toString().split("\n")) if (line.trim()) process.stdout.write(`${prefix}${line}\n`);
      });
    }
    closeLog = () => log.end();
  } else {
    const fd = openSync(options.logFile, "a");
    child = spawn(options.command, options.args, { ...spawnOptions, stdio: ["ignore", fd, fd] });
    // The child has its own copy of the descriptor now.
    closeSync(fd);
    closeLog = () => {};
  }
  const exited = new Promise<number | null>((resolve) => {
    child.on("exit", (code) => {
      closeLog();
      resolve(code);
    });
    child.on("error", (error) => {
      createWriteStream(options.logFile, { flags: "a" }).end(`failed to start: ${error.message}\n`);
      resolve(127);
    });
  });
  const pid = child.pid;
  if (pid !== undefined) liveGroups.add(pid);
  let gone = false;
  void exited.then(() => {
    gone = true;
    if (pid !== undefined) liveGroups.delete(pid);
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
    async kill() {
      signal("SIGKILL");
      await exited;
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
