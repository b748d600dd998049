import { spawn } from "node:child_process";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { KAFKA_TOPICS, type PlatformConfig } from "@fleetwire/config";
import type { ManagedProcess } from "@fleetwire/infra";
import { ensureTopics, kafkaHealth, startKafka } from "@fleetwire/infra/kafka";
import { Kafka, logLevel, type Producer } from "kafkajs";

/**
 * What the rules pipeline tests need beside a control plane: Kafka (the test platform's, or one
 * started here when a file runs alone), a rules worker process, a producer standing in for the
 * ingest bridge, and an outside reader of the output topics (kcat, read committed).
 */
export async function ensureTestKafka(config: PlatformConfig): Promise<{ stop(): Promise<void> }> {
  let started: ManagedProcess | undefined;
  if (!(await kafkaHealth(config, 1_500)).ok) started = await startKafka(config);
  await ensureTopics(config);
  return { stop: async () => started?.stop() };
}

/** A telemetry.raw record exactly as the ingest bridge writes it (packages/ingest build-records.ts). */
export function telemetryRecord(
  device: { id: string; fleetId: string; modelId: string },
  messageId: string,
  metrics: Record<string, unknown>,
) {
  const now = new Date().toISOString();
  return {
    key: device.id,
    value: JSON.stringify({
      message_id: messageId,
      device_id: device.id,
      fleet_id: device.fleetId,
      model_id: device.modelId,
      timestamp: now,
      received_at: now,
      protocol: "mqtt",
      metrics,
    }),
    headers: {
      fleet: device.fleetId,
      model: device.modelId,
      "message-id": messageId,
      "received-at": now,
      protocol: "mqtt",
    },
  };
}

export async function telemetryProducer(config: PlatformConfig): Promise<Producer> {
  const kafka = new Kafka({
    clientId: "fleetwire-test-ingest",
    brokers: config.kafka.brokers,
    logLevel: logLevel.NOTHING,
  });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  await producer.connect();
  return producer;
}

export async function sendTelemetry(producer: Producer, records: ReturnType<typeof telemetryRecord>[]) {
  await producer.send({ topic: KAFKA_TOPICS.telemetryRaw.name, acks: -1, messages: records });
}

export interface TopicRecord {
  topic: string;
  partition: number;
  offset: number;
  timestamp: number;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
  json<T = Record<string, unknown>>(): T;
}

function kcat(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn("kcat", args, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("close", (code) => resolve({ code, out, err }));
  });
}

/**
 * The records of `topic` with `key` written since `sinceMs`, as an outside consumer reading
 * committed data sees them (librdkafka's default isolation level is read_committed).
 */
export async function readTopic(config: PlatformConfig, topic: string, key: string, sinceMs: number) {
  const r = await kcat([
    ...["-C", "-b", config.kafka.brokers.join(","), "-t", topic, "-o", `s@${sinceMs}`, "-e", "-q", "-J"],
    ...["-X", "isolation.level=read_committed"],
  ]);
  if (r.code !== 0) throw new Error(`kcat failed: ${(r.err || r.out).slice(0, 500)}`);
  return r.out
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as KcatRecord)
    .filter((record) => record.key === key)
    .map(
      (record): TopicRecord => ({
        topic: record.topic,
        partition: record.partition,
        offset: record.offset,
        timestamp: record.ts,
        key: record.key,
        value: record.payload,
        headers: Object.fromEntries(pairs(record.headers ?? [])),
        json: () => JSON.parse(record.payload ?? "null"),
      }),
    );
}

/** Polls until `done(records)` holds or the time is up, and returns the last read. */
export async function waitForTopic(
  config: PlatformConfig,
  topic: string,
  key: string,
  sinceMs: number,
  done: (records: TopicRecord[]) => boolean,
  timeoutMs = 15_000,
): Promise<TopicRecord[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const records = await readTopic(config, topic, key, sinceMs);
    if (done(records) || Date.now() > deadline) return records;
    await sleep(200);
  }
}

interface KcatRecord {
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
