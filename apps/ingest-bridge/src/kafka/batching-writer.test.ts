import { createIngestMetrics, type KafkaRecord } from "@fleetwire/ingest";
import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { BatchingWriter } from "./batching-writer.ts";

const record = (topic: string, key: string): KafkaRecord => ({ topic, key, value: Buffer.from(key), headers: {} });

/** A stand-in producer that records each request and lets the test decide when it returns. */
function recordingProducer() {
  const calls: (readonly KafkaRecord[])[] = [];
  const pending: { resolve: () => void; reject: (e: Error) => void }[] = [];
  const send = (records: readonly KafkaRecord[]) => {
    calls.push(records);
    return new Promise<void>((resolve, reject) => pending.push({ resolve, reject }));
  };
  return { send, calls, pending };
}

describe("BatchingWriter", () => {
  it("sends writes that arrive together as one request, in order, and settles them after it", async () => {
    const producer = recordingProducer();
    const writer = new BatchingWriter(producer, createIngestMetrics(new Registry()), { maxBatch: 100, lingerMs: 5 });
    let settled = 0;
    const writes = [
      writer.write([record("telemetry.raw", "a")]),
      writer.write([record("telemetry.dlq", "b"), record("telemetry.raw", "c")]),
    ].map((p) => p.then(() => settled++));
    await new Promise((r) => setTimeout(r, 20));
    expect(producer.calls).toHaveLength(1);
    expect(producer.calls[0]?.map((r) => [r.topic, r.key])).toEqual([
      ["telemetry.raw", "a"],
      ["telemetry.dlq", "b"],
      ["telemetry.raw", "c"],
    ]);
    expect(settled).toBe(0); // nothing is confirmed before Kafka answers
    producer.pending[0]?.resolve();
    await Promise.all(writes);
    expect(settled).toBe(2);
  });

  it("keeps one batch in flight; later writes go in the next batch; a failed batch rejects its writers", async () => {
    const producer = recordingProducer();
    const writer = new BatchingWriter(producer, createIngestMetrics(new Registry()), { maxBatch: 2, lingerMs: 1 });
    const first = writer.write([record("telemetry.raw", "a"), record("telemetry.raw", "b")]);
    const second = writer.write([record("telemetry.raw", "c")]);
    await new Promise((r) => setTimeout(r, 10));
    expect(producer.calls).toHaveLength(1);
    producer.pending[0]?.reject(new Error("broker gone"));
    await expect(first).rejects.toThrow("broker gone");
    await new Promise((r) => setTimeout(r, 10));
    expect(producer.calls).toHaveLength(2);
    producer.pending[1]?.resolve();
    await expect(second).resolves.toBeUndefined();
  });
});
