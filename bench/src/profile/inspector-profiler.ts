import { readFileSync, statSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";

export interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
  children?: number[];
}

export interface CpuProfile {
  nodes: CpuProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

/**
 * Attaches V8's CPU profiler to a running Node service without restarting it: SIGUSR1 opens the
 * inspector (on a random port: the bench starts services with NODE_OPTIONS=--inspect-port=0), the
 * port is read from the service's log, and the profiler is driven over the DevTools protocol.
 */
export async function attachProfiler(pid: number, logFile: string) {
  const logSizeBefore = statSync(logFile).size;
  process.kill(pid, "SIGUSR1");
  let url: string | undefined;
  for (let i = 0; i < 100 && !url; i++) {
    await sleep(100);
    const added = readFileSync(logFile, "utf8").slice(logSizeBefore);
    url = /Debugger listening on (ws:\/\/\S+)/.exec(added)?.[1];
  }
  if (!url) throw new Error(`pid ${pid}: no inspector address in ${logFile} after SIGUSR1`);
  const socket = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener("open", () => resolve(), { once: true });
    socket.addEventListener("error", () => reject(new Error(`cannot connect to the inspector at ${url}`)), {
      once: true,
    });
  });
  let nextId = 1;
  const pending = new Map<number, (result: unknown) => void>();
  socket.addEventListener("message", (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown; error?: { message: string } };
    if (message.id !== undefined) pending.get(message.id)?.(message.error ? { error: message.error } : message.result);
  });
  const call = <T>(method: string, params: Record<string, unknown> = {}) =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, (result) => {
        pending.delete(id);
        const failure = (result as { error?: { message: string } } | undefined)?.error;
        if (failure) reject(new Error(`${method}: ${failure.message}`));
        else resolve(result as T);
      });
      socket.send(JSON.stringify({ id, method, params }));
    });

  await call("Profiler.enable");
  await call("Profiler.setSamplingInterval", { interval: 500 });
  return {
    start: () => call("Profiler.start"),
    async stop(): Promise<CpuProfile> {
      const { profile } = await call<{ profile: CpuProfile }>("Profiler.stop");
      await call("Profiler.disable");
      socket.close();
      return profile;
    },
  };
}
