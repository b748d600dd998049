import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { kafkaLibsDir } from "@fleetwire/infra/kafka";
import { Kafka, logLevel } from "kafkajs";
import { fmtInt, table } from "../stats/format.ts";
import { type BenchContext, pick, type Suite } from "./suite.ts";

const run = promisify(execFile);

export const PRODUCER_PERF_TOPIC = "bench.producer-perf";

/** Creates a bench topic (12 partitions, like telemetry.raw) if it is missing. */
export async function ensureBenchTopic(ctx: BenchContext, topic: string, partitions = 12) {
  const kafka = new Kafka({
    clientId: "fleetwire-bench",
    brokers: ctx.config.kafka.brokers,
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = await admin.listTopics();
    if (!existing.includes(topic)) {
      await admin.createTopics({
        topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }],
        waitForLeaders: true,
      });
    }
  } finally {
    await admin.disconnect();
  }
}

export interface ProducerPerfResult {
  records: number;
  recordsPerSecond: number;
  mbPerSecond: number;
  avgLatencyMs: number;
  maxLatencyMs: number;
  p50: number;
  p95: number;
  p99: number;
  p999: number;
}

/** Parses ProducerPerformance's final summary line. */
export function parseProducerPerformance(output: string): ProducerPerfResult {
  const line = output
    .split("\n")
    .reverse()
    .find((l) => /records sent,.*50th/.test(l));
  const m =
    line &&
    /(\d+) records sent, ([\d.]+) records\/sec \(([\d.]+) MB\/sec\), ([\d.]+) ms avg latency, ([\d.]+) ms max latency, (\d+) ms 50th, (\d+) ms 95th, (\d+) ms 99th, (\d+) ms 99.9th/.exec(
      line,
    );
  if (!m) throw new Error(`ProducerPerformance printed no summary:\n${output.slice(-2000)}`);
  const n = (i: number) => Number(m[i]);
  return {
    records: n(1),
    recordsPerSecond: n(2),
    mbPerSecond: n(3),
    avgLatencyMs: n(4),
    maxLatencyMs: n(5),
    p50: n(6),
    p95: n(7),
    p99: n(8),
    p999: n(9),
  };
}

/**
 * The raw Kafka producer ceiling with the broker's own tool (org.apache.kafka.tools.ProducerPerformance
 * from the installed jars): 200-byte records, unthrottled, acks=all, the Java client's defaults
 * otherwise (idempotent, batch.size 16 KiB, linger.ms 5 in Kafka 4).
 */
export const baselineKafka: Suite = {
  name: "baseline-kafka",
  title: "Baseline: raw Kafka producer ceiling (ProducerPerformance)",
  async run(ctx) {
    await ensureBenchTopic(ctx, PRODUCER_PERF_TOPIC);
    const records = pick(ctx, 200_000, 2_000_000);
    const args = [
      "-Xmx512m",
      "-cp",
      path.join(kafkaLibsDir(), "*"),
      "org.apache.kafka.tools.ProducerPerformance",
      "--topic",
      PRODUCER_PERF_TOPIC,
      "--num-records",
      String(records),
      "--record-size",
      "200",
      "--throughput",
      "-1",
      "--producer-props",
      `bootstrap.servers=${ctx.config.kafka.brokers.join(",")}`,
      "acks=all",
    ];
    ctx.log(`  ${fmtInt(records)} records of 200 bytes, acks=all`);
    const { stdout } = await run("java", args, { timeout: 240_000, maxBuffer: 16 * 1024 * 1024 });
    const result = parseProducerPerformance(stdout);
    return {
      data: { ...result, recordSize: 200, acks: "all", partitions: 12 },
      markdown: [
        `\`java -cp '<kafka-libs>/*' org.apache.kafka.tools.ProducerPerformance --topic ${PRODUCER_PERF_TOPIC} --num-records ${records} --record-size 200 --throughput -1 --producer-props bootstrap.servers=... acks=all\` (12 partitions, one broker).`,
        "",
        ...table(
          ["records/s", "MB/s", "avg ms", "p50 ms", "p95 ms", "p99 ms", "max ms"],
          [
            [
              fmtInt(result.recordsPerSecond),
              result.mbPerSecond.toFixed(1),
              result.avgLatencyMs.toFixed(1),
              result.p50,
              result.p95,
              result.p99,
              result.maxLatencyMs,
            ],
          ],
        ),
      ],
    };
  },
};
