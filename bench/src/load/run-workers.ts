import { Worker } from "node:worker_threads";
import { type LatencySummary, summarizeMany } from "../stats/latency-summary.ts";
import type { LoadClient, PublishLoadReport, PublishLoadSpec } from "./load-types.ts";

/** Starts a worker thread from a .ts file next to this one (tsx's loader is inherited). */
export function startWorker(file: string, data: unknown): Worker {
  return new Worker(new URL(file, import.meta.url), { workerData: data });
}

/** The next message of a given type from a worker; a worker error or exit rejects. */
export function nextMessage<T>(worker: Worker, type: string, timeoutMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`worker: no "${type}" within ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (message: { type: string; message?: string }) => {
      if (message.type === type) {
        cleanup();
        resolve(message as T);
      } else if (message.type === "error") {
        cleanup();
        reject(new Error(`worker failed: ${message.message}`));
      }
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onExit = (code: number) => {
      cleanup();
      reject(new Error(`worker exited (${code}) before "${type}"`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      worker.off("message", onMessage);
      worker.off("error", onError);
      worker.off("exit", onExit);
    };
    worker.on("message", onMessage);
    worker.on("error", onError);
    worker.on("exit", onExit);
  });
}

export interface PublishLoadResult {
  clients: number;
  workers: number;
  mode: "closed" | "open";
  /** Target rate (open mode), msg/s. */
  targetRate?: number;
  published: number;
  acknowledged: number;
  refused: Record<string, number>;
  errors: number;
  shed: number;
  /** Acknowledged messages per second over the measured window. */
  ackedPerSecond: number;
  ackLatencyMs: LatencySummary;
  connectMs: number;
  /** The publishing threads' CPU while they published: the load generator's own cost. */
  cpuSeconds: number;
}

/**
 * Spreads the clients over `workers` threads, connects them all, starts the load at once in every
 * thread and merges the reports. `onStarted` runs when publishing begins (for a concurrent
 * observer such as a Kafka consumer or a database poller).
 */
export async function runPublishLoad(
  spec: Omit<PublishLoadSpec, "clients">,
  clients: LoadClient[],
  workers: number,
  hooks: { onStarted?: () => void } = {},
): Promise<PublishLoadResult> {
  const count = Math.max(1, Math.min(workers, clients.length));
  const threads = Array.from({ length: count }, (_, workerIndex) =>
    startWorker("./mqtt-publisher-worker.ts", {
      ...spec,
      workerIndex,
      rate: spec.rate / count,
      maxMessages: Math.ceil(spec.maxMessages / count),
      clients: clients.filter((_, i) => i % count === workerIndex),
    }),
  );
  try {
    const connected = await Promise.all(
      threads.map((t) => nextMessage<{ connectMs: number }>(t, "connected", 120_000)),
    );
    const reports = threads.map((t) =>
      nextMessage<{ report: PublishLoadReport }>(t, "report", spec.durationMs + 60_000),
    );
    for (const t of threads) t.postMessage("start");
    hooks.onStarted?.();
    const done = (await Promise.all(reports)).map((r) => r.report);
    const refused: Record<string, number> = {};
    for (const r of done) for (const [code, n] of Object.entries(r.refused)) refused[code] = (refused[code] ?? 0) + n;
    const measuredMs = Math.max(...done.map((r) => r.measuredMs));
    const measuredAcks = done.reduce((n, r) => n + r.measuredAcks, 0);
    return {
      clients: clients.length,
      workers: count,
      mode: spec.mode,
      ...(spec.mode === "open" ? { targetRate: spec.rate } : {}),
      published: done.reduce((n, r) => n + r.published, 0),
      acknowledged: done.reduce((n, r) => n + r.acknowledged, 0),
      refused,
      errors: done.reduce((n, r) => n + r.errors, 0),
      shed: done.reduce((n, r) => n + r.shed, 0),
      ackedPerSecond: measuredMs > 0 ? Math.round(measuredAcks / (measuredMs / 1000)) : 0,
      ackLatencyMs: summarizeMany(done.map((r) => r.ackLatencies)),
      connectMs: Math.round(Math.max(...connected.map((c) => c.connectMs))),
      cpuSeconds: done.reduce((n, r) => n + r.cpuSeconds, 0),
    };
  } finally {
    await Promise.all(threads.map((t) => t.terminate()));
  }
}
