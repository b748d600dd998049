import { type PartitionerArgs, Partitioners } from "kafkajs";
import { describe, expect, it } from "vitest";
import { memoizedDefaultPartitioner } from "./memoized-partitioner.ts";

const metadata = (count: number) =>
  Array.from({ length: count }, (_, partitionId) => ({
    partitionId,
    leader: 1,
    partitionErrorCode: 0,
    replicas: [1],
    isr: [1],
  }));

describe("memoizedDefaultPartitioner", () => {
  it("picks the default partitioner's partition for every key, also after the partition count changed", () => {
    const memoized = memoizedDefaultPartitioner();
    const reference = Partitioners.DefaultPartitioner();
    for (const count of [12, 12, 24]) {
      for (let i = 0; i < 500; i++) {
        const args: PartitionerArgs = {
          topic: "route.timeseries",
          partitionMetadata: metadata(count),
          message: { key: `dev-${i}`, value: "x" },
        };
        expect(memoized(args)).toBe(reference(args));
      }
    }
  });

  it("leaves explicit partitions and records without a key to the default partitioner", () => {
    const memoized = memoizedDefaultPartitioner();
    const partitionMetadata = metadata(12);
    expect(memoized({ topic: "t", partitionMetadata, message: { key: "dev-1", value: "x", partition: 7 } })).toBe(7);
    const spread = new Set(
      Array.from({ length: 24 }, () => memoized({ topic: "t", partitionMetadata, message: { key: null, value: "x" } })),
    );
    expect(spread.size).toBeGreaterThan(1); // round robin, not one remembered answer
  });
});
