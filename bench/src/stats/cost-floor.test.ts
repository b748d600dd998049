import { describe, expect, it } from "vitest";
import { coresAt, costFloor } from "./cost-floor.ts";

const clients = { bridgeProducer: "fast", workerProducer: "slow", workerConsumer: "slow" };
const producers = [
  { name: "slow", cpuMicrosPerRecord: 20, brokerCpuMicrosPerRecord: 4 },
  { name: "fast", cpuMicrosPerRecord: 10, brokerCpuMicrosPerRecord: 4 },
];
const consumers = [{ name: "slow", cpuMicrosPerRecord: 12, brokerCpuMicrosPerRecord: 1 }];
const passThrough = { publishers: 30, mosquitto: 15, subscriber: 8 };

describe("cost floor", () => {
  it("adds the broker, the subscription and each Kafka hop with the client the platform runs there", () => {
    const floor = costFloor(passThrough, producers, consumers, clients);
    expect(floor?.parts.map((p) => p.micros)).toEqual([15, 8, 14, 13, 24, 13]);
    expect(floor?.micros).toBe(87);
    expect(floor?.loadGeneratorMicros).toBe(30);
  });

  it("gives no figure when a client the platform runs was not measured", () => {
    expect(costFloor(passThrough, producers.slice(0, 1), consumers, clients)).toBeUndefined();
    expect(costFloor({ ...passThrough, mosquitto: Number.NaN }, producers, consumers, clients)).toBeUndefined();
  });

  it("turns µs per message into cores at a rate", () => {
    expect(coresAt(87, 20_000)).toBeCloseTo(1.74);
  });
});
