import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RoutedTelemetry } from "../routed-telemetry.ts";
import type { ArchiveRow } from "./archive-parquet.ts";
import { LocalArchiveStore } from "./archive-store.ts";
import { completeArchiveFlush, recoverArchivePartition, writeArchiveFlush } from "./write-archive-flush.ts";

const message = (i: number): RoutedTelemetry => ({
  messageId: `m-${i}`,
  deviceId: "dev-1",
  fleetId: "fleet-1",
  modelId: null,
  recordedAt: new Date(Date.UTC(2026, 10, 25, 9, 59, 58) + i * 1000),
  receivedAt: new Date(Date.UTC(2026, 10, 25, 10, 0, 0)),
  protocol: "coap",
  metrics: { v: i },
  ruleIds: [],
});
const rows = (from: number, to: number): ArchiveRow[] =>
  Array.from({ length: to - from + 1 }, (_, k) => ({
    message: message(from + k),
    kafkaPartition: 2,
    kafkaOffset: String(100 + from + k),
  }));

async function messageIds(root: string): Promise<string[]> {
  const db = await DuckDBInstance.create(":memory:");
  const c = await db.connect();
  try {
    const r = await c.runAndReadAll(`SELECT message_id FROM read_parquet('${root}/fleet=*/date=*/hour=*/*.parquet')`);
    return (r.getRowObjectsJson() as { message_id: string }[]).map((x) => x.message_id).sort();
  } finally {
    c.closeSync();
  }
}

describe("archive flushes survive a crash without loss or duplicates", () => {
  let root: string;
  let store: LocalArchiveStore;
  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), "archive-unit-"));
    store = new LocalArchiveStore(root);
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it("splits a flush by hour (UTC) into fleet=/date=/hour= part files", async () => {
    const { keys } = await writeArchiveFlush(store, { topic: "route.archive", partition: 2, rows: rows(0, 3) });
    expect(keys).toEqual([
      "fleet=fleet-1/date=2026-11-25/hour=09/part-002-00000000000000000100-00000000000000000103.parquet",
      "fleet=fleet-1/date=2026-11-25/hour=10/part-002-00000000000000000100-00000000000000000103.parquet",
    ]);
    expect(await messageIds(root)).toEqual(["m-0", "m-1", "m-2", "m-3"]);
  });

  it("drops the part files of an uncommitted flush when its records come again in other flushes", async () => {
    // Crash after the files were written, before the offsets were committed.
    await writeArchiveFlush(store, { topic: "route.archive", partition: 2, rows: rows(0, 5) });
    // After the restart the same records arrive again, cut differently.
    const { removed } = await recoverArchivePartition(store, "route.archive", 2, "100");
    expect(removed).toHaveLength(2);
    await writeArchiveFlush(store, { topic: "route.archive", partition: 2, rows: rows(0, 2) });
    await completeArchiveFlush(store, "route.archive", 2);
    await writeArchiveFlush(store, { topic: "route.archive", partition: 2, rows: rows(3, 7) });
    await completeArchiveFlush(store, "route.archive", 2);
    expect(await messageIds(root)).toEqual(["m-0", "m-1", "m-2", "m-3", "m-4", "m-5", "m-6", "m-7"]);
  });

  it("keeps the files of a committed flush whose intent was left behind", async () => {
    await writeArchiveFlush(store, { topic: "route.archive", partition: 2, rows: rows(0, 1) });
    // Offsets committed (next offset 102), crash before the intent was removed.
    expect((await recoverArchivePartition(store, "route.archive", 2, "102")).removed).toEqual([]);
    expect(await messageIds(root)).toEqual(["m-0", "m-1"]);
    expect(await readdir(path.join(root, "_pending"))).toEqual([]);
  });
});
