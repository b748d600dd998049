import { compatibilityPartitioner, type MessageToProduce } from "@platformatic/kafka";
import { Partitioners } from "kafkajs";
import { describe, expect, it } from "vitest";

// The bridge writes telemetry.raw with @platformatic/kafka; the rules worker and earlier
// bridges wrote with kafkajs's default (Java-compatible) partitioner. A device must keep its
// partition across the two, or its records could be read out of order around an upgrade.
describe("the bridge's partitioning", () => {
  it("puts every device key on the partition kafkajs and the Java client choose", () => {
    const partitions = 12;
    const partitionMetadata = Array.from({ length: partitions }, (_, partitionId) => ({
      partitionId,
      leader: 1,
      partitionErrorCode: 0,
      replicas: [1],
      isr: [1],
    }));
    const kafkajs = Partitioners.DefaultPartitioner();
    const keys = [
      ...Array.from({ length: 2_000 }, (_, i) => `dev-${i}`),
      "d0b1c6a2-7e1f-4b59-9a77-2f3c5d9e8a10",
      "ünïcödé-device",
      "",
    ];
    for (const key of keys) {
      const message = { topic: "telemetry.raw", key } as MessageToProduce<string, Buffer, string, string>;
      const ours = compatibilityPartitioner(message, Buffer.from(key)) % partitions;
      expect(ours, key).toBe(kafkajs({ topic: "telemetry.raw", partitionMetadata, message: { key, value: null } }));
    }
  });
});
