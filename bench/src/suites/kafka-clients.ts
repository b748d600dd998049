import { execFileSync } from "node:child_process";
import { buildTelemetryRecord } from "@fleetwire/ingest";
import { ProduceAcks, Producer, stringSerializers } from "@platformatic/kafka";
import { Kafka, logLevel } from "kafkajs";
import { fmtInt, fmtLatency, fmtRatio, table } from "../stats/format.ts";
import { LatencyRecorder, type LatencySummary } from "../stats/latency-summary.ts";
import { ensureBenchTopic } from "./baseline-kafka.ts";
import { type BenchContext, pick, type Suite } from "./suite.ts";

const TOPIC = "bench.kafka-clients";

/** A telemetry.raw record as the bridge writes it (buildTelemetryRecord): device key, JSON value, five headers. */
interface BenchRecord {
  key: string;
  value: string;
  headers: Record<string, string>;
}

/** The i-th of a set of records built by the bridge's own builder, for 200 devices. */
function telemetryRecord(i: number): BenchRecord {
  const deviceId = `dev-${String(i % 200).padStart(4, "0")}-6f1c2a9e-4b7d-4e61-9a3f`;
  const at = new Date(1_765_000_000_000 + i);
  const record = buildTelemetryRecord({
    context: { deviceId, protocol: "mqtt", receivedAt: at },
    device: {
      id: deviceId,
      fleetId: "fleet-3e9d6a2c-1f0b-4c8e",
      modelId: "model-7a2b9c1d-5e3f-4a6b",
      modelSchemaVersion: 1,
      status: "active",
    },
    envelope: {
      message_id: `m-${i}-8c41e7d2b9a0`,
      timestamp: at.toISOString(),
      recordedAt: at,
      metrics: { temperature: 21.5 + (i % 10), humidity: 40 + (i % 7), battery: 3.7 },
    },
  });
  return { key: record.key, value: record.value.toString(), headers: record.headers };
}

interface ClientUnderTest {
  name: string;
  connect(): Promise<void>;
  /** One acks=all request with these records (the bridge's pattern: one batch in flight). */
  send(records: BenchRecord[]): Promise<void>;
  close(): Promise<void>;
}

function kafkajsClient(brokers: string[]): ClientUnderTest {
  const producer = new Kafka({ clientId: "bench-kafkajs", brokers, logLevel: logLevel.NOTHING }).producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
  });
  return {
    name: "kafkajs 2.2.4 (the platform's client)",
    connect: () => producer.connect(),
    send: async (records) => {
      await producer.send({ topic: TOPIC, acks: -1, messages: records });
    },
    close: () => producer.disconnect(),
  };
}

function platformaticClient(brokers: string[]): ClientUnderTest {
  const producer = new Producer({
    clientId: "bench-platformatic",
    bootstrapBrokers: brokers,
    serializers: stringSerializers,
    idempotent: true,
    acks: ProduceAcks.ALL,
  });
  return {
    name: "@platformatic/kafka",
    connect: async () => {
      await producer.metadata({ topics: [TOPIC] });
    },
    send: async (records) => {
      await producer.send({
        messages: records.map((r) => ({ topic: TOPIC, key: r.key, value: r.value, headers: r.headers })),
      });
    },
    close: () => producer.close(),
  };
}

interface ClientResult {
  name: string;
  recordsPerSecond: number;
  /** This process's CPU (user + system) per record during the throughput run: the client's cost. */
  cpuMicrosPerRecord: number;
  batch: number;
  smallBatchLatencyMs: LatencySummary;
}

async function measure(client: ClientUnderTest, total: number, latencyMs: number): Promise<ClientResult> {
  const batch = 500;
  const prepared = Array.from({ length: 10_000 }, (_, i) => telemetryRecord(i));
  const records = (n: number, offset: number) =>
    Array.from({ length: n }, (_, i) => prepared[(offset + i) % prepared.length] as BenchRecord);
  await client.connect();
  try {
    await client.send(records(100, 0)); // warm: metadata, producer id
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (let sent = 0; sent < total; sent += batch) await client.send(records(batch, sent));
    const recordsPerSecond = Math.round(total / ((performance.now() - t0) / 1000));
    const cpu = process.cpuUsage(cpu0);
    const cpuMicrosPerRecord = (cpu.user + cpu.system) / total;
    const recorder = new LatencyRecorder(50_000);
    const until = performance.now() + latencyMs;
    for (let i = 0; performance.now() < until && i < 100_000; i++) {
      const t = performance.now();
      await client.send(records(16, i * 16));
      recorder.record(performance.now() - t);
    }
    return { name: client.name, recordsPerSecond, cpuMicrosPerRecord, batch, smallBatchLatencyMs: recorder.summary() };
  } finally {
    await client.close();
  }
}

/** Whether @confluentinc/kafka-javascript can be installed from the npm registry alone. */
function confluentAvailability(): string {
  try {
    const host = execFileSync("npm", ["view", "@confluentinc/kafka-javascript", "binary.host", "version"], {
      encoding: "utf8",
      timeout: 30_000,
    });
    return `not measured: its install script (node-pre-gyp) downloads librdkafka binaries from ${host
      .split("\n")[0]
      ?.replace(/^binary.host = /, "")
      .replace(
        /'/g,
        "",
      )} (outside the reachable registries) or else builds librdkafka from C sources; neither works offline here`;
  } catch {
    return "not measured: package metadata unavailable";
  }
}

/**
 * Producer micro-benchmark of the Kafka clients the issue names, in the bridge's pattern:
 * idempotent, acks=all, one request in flight, records shaped like the bridge's telemetry.raw
 * records (device key, about 300 bytes of JSON, five headers). Throughput and the client's CPU per
 * record with batches of 500 (on 2 shared cores the CPU is what limits the pipeline); latency of
 * 16-record batches.
 */
export const kafkaClients: Suite = {
  name: "kafka-clients",
  title: "Kafka clients compared (producer micro-benchmark)",
  async run(ctx: BenchContext) {
    await ensureBenchTopic(ctx, TOPIC);
    const total = pick(ctx, 50_000, 500_000);
    const latencyMs = pick(ctx, 3_000, 10_000);
    const results: ClientResult[] = [];
    for (const make of [kafkajsClient, platformaticClient]) {
      const client = make(ctx.config.kafka.brokers);
      ctx.log(`  ${client.name}`);
      results.push(await measure(client, total, latencyMs));
    }
    const confluent = confluentAvailability();
    const base = results[0]?.recordsPerSecond ?? Number.NaN;
    return {
      data: { total, results, confluent },
      markdown: [
        `${fmtInt(total)} telemetry.raw-shaped records (device key, ~300-byte JSON value, 5 headers) in batches of 500, then 16-record batches for ${latencyMs / 1000} s; idempotent, acks=all, one request in flight, 12 partitions.`,
        "",
        ...table(
          ["client", "records/s (batches of 500)", "vs kafkajs", "client CPU per record", "16-record batch round trip"],
          results.map((r) => [
            r.name,
            fmtInt(r.recordsPerSecond),
            fmtRatio(r.recordsPerSecond, base),
            `${r.cpuMicrosPerRecord.toFixed(1)} µs`,
            fmtLatency(r.smallBatchLatencyMs),
          ]),
        ),
        "",
        `@confluentinc/kafka-javascript: ${confluent}.`,
      ],
    };
  },
};
