import { mkdirSync, rmSync, statSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";

/**
 * A directory lock: mkdir is atomic, so two processes starting at once (the start script and a
 * service) cannot both create a CA. A lock older than `staleMs` is left by a crashed process.
 */
export async function withFileLock<T>(lockDir: string, work: () => Promise<T>, staleMs = 30_000): Promise<T> {
  const deadline = Date.now() + staleMs + 5_000;
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const age = Date.now() - (statSafe(lockDir) ?? Date.now());
      if (age > staleMs) rmSync(lockDir, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`${lockDir}: still locked by another process`);
      else await sleep(100);
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

function statSafe(p: string): number | undefined {
  try {
    return statSync(p).mtimeMs;
  } catch {
    return undefined;
  }
}
