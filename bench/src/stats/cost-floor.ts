/**
 * What a message costs on the way from a device to the time-series writer before any of
 * Fleetwire's own code runs: the broker's and the Kafka clients' CPU per message, measured in the
 * same run by the Mosquitto pass-through and the kafka-clients micro-benchmarks. Everything left
 * out (TLS, Kafka transactions, validation, rules, SQL, PostgreSQL, Redis) only adds to it, so
 * the sum is a lower bound on the CPU a given rate needs with this design.
 */

export interface PassThroughCost {
  publishers: number;
  mosquitto: number;
  subscriber: number;
}

export interface KafkaClientCost {
  name: string;
  cpuMicrosPerRecord: number;
  brokerCpuMicrosPerRecord: number;
}

export interface CostFloor {
  /** µs of CPU per message for each part of the path, in path order. */
  parts: { part: string; micros: number }[];
  /** Sum of the parts (the load generator left out). */
  micros: number;
  /** The simulated devices' own cost on this machine, which shares its cores with the platform. */
  loadGeneratorMicros: number;
}

/** The clients the platform runs (apps/ingest-bridge: bridge producer, rules worker, writers). */
export interface PlatformClients {
  bridgeProducer: string;
  workerProducer: string;
  workerConsumer: string;
}

export function costFloor(
  passThrough: PassThroughCost,
  producers: KafkaClientCost[],
  consumers: KafkaClientCost[],
  clients: PlatformClients,
): CostFloor | undefined {
  const find = (list: KafkaClientCost[], name: string) => list.find((c) => c.name === name);
  const bridgeProduce = find(producers, clients.bridgeProducer);
  const workerProduce = find(producers, clients.workerProducer);
  const workerConsume = find(consumers, clients.workerConsumer);
  if (!bridgeProduce || !workerProduce || !workerConsume) return undefined;
  const hop = (c: KafkaClientCost) => c.cpuMicrosPerRecord + c.brokerCpuMicrosPerRecord;
  const parts = [
    { part: "Mosquitto (in and out)", micros: passThrough.mosquitto },
    { part: "the bridge's MQTT subscription", micros: passThrough.subscriber },
    { part: "produce to telemetry.raw (bridge)", micros: hop(bridgeProduce) },
    { part: "consume telemetry.raw (rules worker)", micros: hop(workerConsume) },
    { part: "produce to route.timeseries (rules worker)", micros: hop(workerProduce) },
    { part: "consume route.timeseries (time-series writer)", micros: hop(workerConsume) },
  ];
  const micros = parts.reduce((sum, p) => sum + p.micros, 0);
  if (!Number.isFinite(micros)) return undefined;
  return { parts, micros, loadGeneratorMicros: passThrough.publishers };
}

/** Cores a rate needs at a given CPU cost per message. */
export const coresAt = (microsPerMessage: number, messagesPerSecond: number) =>
  (microsPerMessage * messagesPerSecond) / 1e6;
