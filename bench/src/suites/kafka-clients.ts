import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { REPO_ROOT } from "@fleetwire/config";
import { buildTelemetryRecord } from "@fleetwire/ingest";
import { decodeHeaders } from "@fleetwire/sinks";
import {
  Consumer,
  MessagesStreamModes,
  ProduceAcks,
  Producer,
  stringDeserializer,
  stringSerializers,
} from "@platformatic/kafka";
import { type IHeaders, Kafka, logLevel } from "kafkajs";
import { cpuSinceNow, idleCores, kafkaBrokerPids } from "../profile/find-service-process.ts";
import type { PlatformClients } from "../stats/cost-floor.ts";
import { fmtInt, fmtLatency, fmtMicros, fmtRatio, table } from "../stats/format.ts";
import { LatencyRecorder, type LatencySummary } from "../stats/latency-summary.ts";
import { ensureBenchTopic } from "./baseline-kafka.ts";
import { type BenchContext, pick, type Suite } from "./suite.ts";

const TOPIC = "bench.kafka-clients";
const KAFKAJS = "kafkajs 2.2.4 (the platform's client)";
const PLATFORMATIC = "@platformatic/kafka";
const CONFLUENT = "@confluentinc/kafka-javascript 1.10.1 (librdkafka 2.15.1)";
/** Which client the platform runs where (apps/ingest-bridge; docs/design.md says why). */
export const PLATFORM_CLIENTS: PlatformClients = {
  bridgeProducer: PLATFORMATIC,
  workerProducer: KAFKAJS,
  workerConsumer: KAFKAJS,
};

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
    name: KAFKAJS,
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
    name: PLATFORMATIC,
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

/** The part of @confluentinc/kafka-javascript's KafkaJS-compatible API the benchmark uses. */
interface ConfluentKafkaJS {
  Kafka: new (config: {
    kafkaJS: { clientId: string; brokers: string[]; logLevel: number };
  }) => {
    producer(config: Record<string, unknown>): {
      connect(): Promise<void>;
      send(record: { topic: string; messages: BenchRecord[] }): Promise<unknown>;
      disconnect(): Promise<void>;
    };
    consumer(config: Record<string, unknown>): BatchConsumer & {
      connect(): Promise<void>;
      subscribe(subscription: { topic: string }): Promise<void>;
      disconnect(): Promise<void>;
    };
  };
  logLevel: { NOTHING: number };
}

const loadConfluent = (packageDir: string) =>
  (createRequire(import.meta.url)(packageDir) as { KafkaJS: ConfluentKafkaJS }).KafkaJS;

function confluentClient(packageDir: string, brokers: string[]): ClientUnderTest {
  const KafkaJS = loadConfluent(packageDir);
  const producer = new KafkaJS.Kafka({
    kafkaJS: { clientId: "bench-confluent", brokers, logLevel: KafkaJS.logLevel.NOTHING },
  }).producer({
    // The bridge batches on its own (BatchingWriter) and wants each batch sent at once;
    // librdkafka's default 5 ms linger would add 5 ms to every round trip.
    "linger.ms": 0,
    kafkaJS: { idempotent: true, acks: -1, allowAutoTopicCreation: false },
  });
  return {
    name: CONFLUENT,
    connect: () => producer.connect(),
    send: async (records) => {
      // Copies: send() converts each message's headers in place, which breaks a record sent twice.
      await producer.send({ topic: TOPIC, messages: records.map((r) => ({ ...r })) });
    },
    close: () => producer.disconnect(),
  };
}

/**
 * What a pipeline worker needs of each record it reads: the key as a string, the value as bytes
 * and the headers as strings.
 */
type Deliver = (key: string | undefined, value: Buffer | null | undefined, headers: Record<string, string>) => void;

interface ReaderUnderTest {
  name: string;
  /**
   * Reads `count` records of the topic from its earliest offset, in a new consumer group and
   * read_committed (as the workers read), handing each to `deliver`; resolves after the last.
   */
  read(count: number, deliver: Deliver): Promise<void>;
}

/** kafkajs's consumer and the compatible API of @confluentinc/kafka-javascript read alike. */
interface BatchConsumer {
  run(config: {
    eachBatch(payload: {
      batch: { messages: { key: Buffer | null; value: Buffer | null; headers?: IHeaders }[] };
    }): Promise<void>;
  }): Promise<void>;
}

const newGroup = (client: string) => `bench-read-${client}-${Date.now()}`;
/** The same fetch limits for every client: kafkajs's defaults, which the workers run with. */
const FETCH_MAX_BYTES = 10 * 1024 * 1024;
const FETCH_MAX_BYTES_PER_PARTITION = 1024 * 1024;

async function readBatches(consumer: BatchConsumer, count: number, deliver: Deliver): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    let read = 0;
    consumer
      .run({
        eachBatch: async ({ batch }) => {
          for (const m of batch.messages) {
            if (read === count) break;
            // The workers' own header decoding (@fleetwire/sinks).
            deliver(m.key?.toString(), m.value, decodeHeaders(m.headers));
            read++;
          }
          if (read === count) resolve();
        },
      })
      .catch(reject);
  });
}

function kafkajsReader(brokers: string[]): ReaderUnderTest {
  return {
    name: KAFKAJS,
    async read(count, deliver) {
      const consumer = new Kafka({ clientId: "bench-kafkajs", brokers, logLevel: logLevel.NOTHING }).consumer({
        groupId: newGroup("kafkajs"),
        maxBytes: FETCH_MAX_BYTES,
        maxBytesPerPartition: FETCH_MAX_BYTES_PER_PARTITION,
      });
      await consumer.connect();
      try {
        await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
        await readBatches(
          { run: (config) => consumer.run({ autoCommit: false, eachBatch: config.eachBatch }) },
          count,
          deliver,
        );
      } finally {
        await consumer.disconnect();
      }
    },
  };
}

function platformaticReader(brokers: string[]): ReaderUnderTest {
  return {
    name: PLATFORMATIC,
    async read(count, deliver) {
      const consumer = new Consumer({
        clientId: "bench-platformatic",
        groupId: newGroup("platformatic"),
        bootstrapBrokers: brokers,
        maxBytes: FETCH_MAX_BYTES,
        maxBytesPerPartition: FETCH_MAX_BYTES_PER_PARTITION,
        deserializers: { key: stringDeserializer, headerKey: stringDeserializer, headerValue: stringDeserializer },
      });
      try {
        const stream = await consumer.consume({
          topics: [TOPIC],
          mode: MessagesStreamModes.EARLIEST,
          autocommit: false,
        });
        let read = 0;
        for await (const m of stream) {
          deliver(m.key, m.value, Object.fromEntries(m.headers));
          if (++read === count) break;
        }
        await stream.close();
      } finally {
        await consumer.close(true);
      }
    },
  };
}

function confluentReader(packageDir: string, brokers: string[]): ReaderUnderTest {
  return {
    name: CONFLUENT,
    async read(count, deliver) {
      const KafkaJS = loadConfluent(packageDir);
      const consumer = new KafkaJS.Kafka({
        kafkaJS: { clientId: "bench-confluent", brokers, logLevel: KafkaJS.logLevel.NOTHING },
      }).consumer({
        "fetch.max.bytes": FETCH_MAX_BYTES,
        "max.partition.fetch.bytes": FETCH_MAX_BYTES_PER_PARTITION,
        kafkaJS: { groupId: newGroup("confluent"), fromBeginning: true, autoCommit: false },
      });
      await consumer.connect();
      try {
        await consumer.subscribe({ topic: TOPIC });
        await readBatches(consumer, count, deliver);
      } finally {
        await consumer.disconnect();
      }
    },
  };
}

/**
 * The Kafka broker's CPU for the records of one measurement: its CPU over the span less what it
 * uses idle (the bench platform's own consumers keep polling it).
 */
interface BrokerMeter {
  pids: number[];
  idleCores: number;
}

function startBrokerMeter(meter: BrokerMeter): (records: number) => number {
  const cpu = cpuSinceNow(meter.pids);
  const t0 = performance.now();
  return (records) => {
    const busy = cpu() - meter.idleCores * ((performance.now() - t0) / 1000);
    return (Math.max(0, busy) * 1e6) / records;
  };
}

interface ReadResult {
  name: string;
  /** From connecting to the last record delivered. */
  recordsPerSecond: number;
  /** This process's CPU per record over the same span: the client's cost (joining costs little CPU). */
  cpuMicrosPerRecord: number;
  /** The Kafka broker's CPU per record over the same span (idle use taken away): serving the fetches. */
  brokerCpuMicrosPerRecord: number;
  /** Connecting, joining the group and the first fetch. */
  firstRecordMs: number;
}

/**
 * Timed from connecting, not from the first record: a client decodes a whole fetch before it
 * delivers the first record of it, so timing from there would leave out up to a fetch's worth
 * of work (10 MiB, a fifth of the quick run's records).
 */
async function measureRead(reader: ReaderUnderTest, count: number, broker: BrokerMeter): Promise<ReadResult> {
  let delivered = 0;
  let checksum = 0;
  let firstAt: number | undefined;
  let end: { at: number; cpu: NodeJS.CpuUsage; brokerMicrosPerRecord: number } | undefined;
  const brokerCpu = startBrokerMeter(broker);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await reader.read(count, (key, value, headers) => {
    firstAt ??= performance.now();
    // Touch what was delivered, as a worker would.
    checksum += (key?.length ?? 0) + (value?.length ?? 0) + Object.keys(headers).length;
    if (++delivered === count)
      end = { at: performance.now(), cpu: process.cpuUsage(cpu0), brokerMicrosPerRecord: brokerCpu(count) };
  });
  if (firstAt === undefined || !end || checksum === 0) {
    throw new Error(`${reader.name} delivered ${delivered} of ${count} records`);
  }
  return {
    name: reader.name,
    recordsPerSecond: Math.round(count / ((end.at - t0) / 1000)),
    cpuMicrosPerRecord: (end.cpu.user + end.cpu.system) / count,
    brokerCpuMicrosPerRecord: end.brokerMicrosPerRecord,
    firstRecordMs: Math.round(firstAt - t0),
  };
}

interface ClientResult {
  name: string;
  recordsPerSecond: number;
  /** This process's CPU (user + system) per record during the throughput run: the client's cost. */
  cpuMicrosPerRecord: number;
  /** The Kafka broker's CPU per record during the same run (idle use taken away): appending them. */
  brokerCpuMicrosPerRecord: number;
  batch: number;
  smallBatchLatencyMs: LatencySummary;
}

async function measure(
  client: ClientUnderTest,
  total: number,
  latencyMs: number,
  broker: BrokerMeter,
): Promise<ClientResult> {
  const batch = 500;
  const prepared = Array.from({ length: 10_000 }, (_, i) => telemetryRecord(i));
  const records = (n: number, offset: number) =>
    Array.from({ length: n }, (_, i) => prepared[(offset + i) % prepared.length] as BenchRecord);
  await client.connect();
  try {
    await client.send(records(100, 0)); // warm: metadata, producer id
    const brokerCpu = startBrokerMeter(broker);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (let sent = 0; sent < total; sent += batch) await client.send(records(batch, sent));
    const recordsPerSecond = Math.round(total / ((performance.now() - t0) / 1000));
    const cpu = process.cpuUsage(cpu0);
    const cpuMicrosPerRecord = (cpu.user + cpu.system) / total;
    const brokerCpuMicrosPerRecord = brokerCpu(total);
    const recorder = new LatencyRecorder(50_000);
    const until = performance.now() + latencyMs;
    for (let i = 0; performance.now() < until && i < 100_000; i++) {
      const t = performance.now();
      await client.send(records(16, i * 16));
      recorder.record(performance.now() - t);
    }
    return {
      name: client.name,
      recordsPerSecond,
      cpuMicrosPerRecord,
      brokerCpuMicrosPerRecord,
      batch,
      smallBatchLatencyMs: recorder.summary(),
    };
  } finally {
    await client.close();
  }
}

/**
 * Builds @confluentinc/kafka-javascript once (scripts/build-confluent-kafka.sh: its install script
 * needs downloads this machine cannot make, so librdkafka is built from the tarball's sources).
 * A quick run only uses an earlier build: the 90-s build would take it past five minutes.
 */
function confluentClientDir(build: boolean): { dir: string } | { notMeasured: string } {
  const script = path.join(REPO_ROOT, "scripts/build-confluent-kafka.sh");
  try {
    const out = execFileSync("bash", build ? [script] : [script, "--if-built"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      timeout: 15 * 60_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { dir: out.trim().split("\n").at(-1) as string };
  } catch (error) {
    if (!build && (error as { status?: number }).status === 3) {
      return { notMeasured: `not built yet (a full run builds it, or ${path.relative(REPO_ROOT, script)})` };
    }
    const stderr = String((error as { stderr?: string }).stderr ?? "").trim();
    return { notMeasured: `its build failed: ${stderr.split("\n").slice(-3).join(" ") || (error as Error).message}` };
  }
}

/**
 * The three Kafka clients the issue names, measured where the platform uses a client.
 * Producer, in the bridge's pattern: idempotent, acks=all, one request in flight, records shaped
 * like the bridge's telemetry.raw records (device key, about 300 bytes of JSON, five headers);
 * throughput and the client's CPU per record with batches of 500 (on 2 shared cores the CPU is
 * what limits the pipeline), and the latency of 16-record batches. Consumer, in the workers'
 * pattern: read_committed, every record's key and headers decoded to strings.
 */
export const kafkaClients: Suite = {
  name: "kafka-clients",
  title: "Kafka clients compared (producer and consumer micro-benchmarks)",
  async run(ctx: BenchContext) {
    await ensureBenchTopic(ctx, TOPIC);
    const total = pick(ctx, 50_000, 500_000);
    const latencyMs = pick(ctx, 3_000, 10_000);
    const brokers = ctx.config.kafka.brokers;
    const brokerPids = kafkaBrokerPids(ctx.config.stateDir);
    const broker: BrokerMeter = { pids: brokerPids, idleCores: await idleCores(brokerPids, 2_000) };
    const clients = [kafkajsClient(brokers), platformaticClient(brokers)];
    const readers = [kafkajsReader(brokers), platformaticReader(brokers)];
    if (!ctx.quick) ctx.log("  building @confluentinc/kafka-javascript (once; about 90 s the first time)");
    const confluent = confluentClientDir(!ctx.quick);
    if ("dir" in confluent) {
      clients.push(confluentClient(confluent.dir, brokers));
      readers.push(confluentReader(confluent.dir, brokers));
    }
    const results: ClientResult[] = [];
    for (const client of clients) {
      ctx.log(`  producing: ${client.name}`);
      results.push(await measure(client, total, latencyMs, broker));
    }
    // The topic now holds at least `total` records per client, written as the bridge writes them.
    const reads: ReadResult[] = [];
    for (const reader of readers) {
      ctx.log(`  consuming: ${reader.name}`);
      reads.push(await measureRead(reader, total, broker));
    }
    const base = results[0]?.recordsPerSecond ?? Number.NaN;
    const readBase = reads[0]?.recordsPerSecond ?? Number.NaN;
    return {
      data: { total, results, reads, confluent, brokerIdleCores: broker.idleCores },
      markdown: [
        `${fmtInt(total)} telemetry.raw-shaped records (device key, ~300-byte JSON value, 5 headers) in batches of 500, then 16-record batches for ${latencyMs / 1000} s; idempotent, acks=all, one request in flight, 12 partitions. Broker CPU per record: the Kafka JVM's CPU over the same span less its idle use (${broker.idleCores.toFixed(3)} cores, sampled for 2 s before).`,
        "",
        ...table(
          [
            "client",
            "records/s (batches of 500)",
            "vs kafkajs",
            "client CPU per record",
            "broker CPU per record",
            "16-record batch round trip",
          ],
          results.map((r) => [
            r.name,
            fmtInt(r.recordsPerSecond),
            fmtRatio(r.recordsPerSecond, base),
            fmtMicros(r.cpuMicrosPerRecord),
            fmtMicros(r.brokerCpuMicrosPerRecord),
            fmtLatency(r.smallBatchLatencyMs),
          ]),
        ),
        "",
        `Consumer: ${fmtInt(total)} of those records read from the earliest offset in a new group, read_committed, fetches of at most 10 MiB (1 MiB per partition), each record handed over as the workers use it (key and headers as strings, value as bytes); timed from connecting to the last record.`,
        "",
        ...table(
          ["client", "records/s", "vs kafkajs", "client CPU per record", "broker CPU per record", "first record after"],
          reads.map((r) => [
            r.name,
            fmtInt(r.recordsPerSecond),
            fmtRatio(r.recordsPerSecond, readBase),
            fmtMicros(r.cpuMicrosPerRecord),
            fmtMicros(r.brokerCpuMicrosPerRecord),
            `${fmtInt(r.firstRecordMs)} ms`,
          ]),
        ),
        ...("notMeasured" in confluent
          ? ["", `@confluentinc/kafka-javascript: not measured, ${confluent.notMeasured}.`]
          : []),
      ],
    };
  },
};
