import { setTimeout as sleep } from "node:timers/promises";
import type { PlatformConfig } from "@fleetwire/config";
import { runCommand } from "./run-command.ts";

export interface ConsumedRecord {
  topic: string;
  partition: number;
  offset: number;
  /** The record's create time (set by the producer), ms. */
  timestamp: number;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}

/**
 * Reads a topic from outside with Debian's kcat, from a timestamp (ms) to its current end, and
 * keeps the records with the given key.
 */
export async function readRecords(
  config: PlatformConfig,
  topic: string,
  options: { key: string | ReadonlySet<string>; sinceMs: number },
): Promise<ConsumedRecord[]> {
  const wanted = typeof options.key === "string" ? new Set([options.key]) : options.key;
  const r = await runCommand("kcat", [
    ...["-C", "-b", config.kafka.brokers.join(","), "-t", topic],
    ...["-o", `s@${options.sinceMs}`, "-e", "-q", "-J"],
  ]);
  if (r.code !== 0) throw new Error(`kcat failed: ${r.out.slice(0, 500)}`);
  return r.out
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as RawKcat)
    .filter((record) => record.key !== null && wanted.has(record.key))
    .map((record) => ({
      topic: record.topic,
      partition: record.partition,
      offset: record.offset,
      timestamp: record.ts,
      key: record.key,
      value: record.payload,
      headers: Object.fromEntries(pairs(record.headers ?? [])),
    }));
}

/** Polls until `count` records with the key have arrived (or the time is up) and returns them. */
export async function waitForRecords(
  config: PlatformConfig,
  topic: string,
  options: {
    key: string | ReadonlySet<string>;
    sinceMs: number;
    count: number;
    timeoutMs?: number;
    distinctBy?: (r: ConsumedRecord) => string;
  },
): Promise<ConsumedRecord[]> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  let records: ConsumedRecord[] = [];
  for (;;) {
    records = await readRecords(config, topic, options);
    const n = options.distinctBy ? new Set(records.map(options.distinctBy)).size : records.length;
    if (n >= options.count || Date.now() > deadline) return records;
    await sleep(250);
  }
}

interface RawKcat {
  topic: string;
  partition: number;
  offset: number;
  ts: number;
  key: string | null;
  payload: string | null;
  headers?: string[];
}

function* pairs(flat: string[]): Generator<[string, string]> {
  for (let i = 0; i + 1 < flat.length; i += 2) yield [flat[i] as string, flat[i + 1] as string];
}
