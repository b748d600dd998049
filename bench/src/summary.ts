import { type CostFloor, coresAt, costFloor, type KafkaClientCost, type PassThroughCost } from "./stats/cost-floor.ts";
import { fmtInt, fmtMicros, fmtRatio } from "./stats/format.ts";
import type { LatencySummary } from "./stats/latency-summary.ts";
import { PLATFORM_CLIENTS } from "./suites/kafka-clients.ts";
import type { BenchRun } from "./write-results.ts";

type Data = Record<string, unknown>;

const verdict = (met: boolean) => (met ? "**met**" : "**not met**");
/** The throughput goal of issue 8, on one 2-core machine. */
const GOAL_MSG_PER_SECOND = 20_000;

/** The run's cost floor (stats/cost-floor.ts), when it measured both the pass-through and the Kafka clients. */
function runCostFloor(data: (name: string) => Data | undefined): CostFloor | undefined {
  const passThrough = (data("baseline-mosquitto")?.max as { cpuMicrosPerMessage?: PassThroughCost } | undefined)
    ?.cpuMicrosPerMessage;
  const clients = data("kafka-clients");
  if (!passThrough || !clients) return undefined;
  return costFloor(
    passThrough,
    clients.results as KafkaClientCost[],
    (clients.reads ?? []) as KafkaClientCost[],
    PLATFORM_CLIENTS,
  );
}

/** The goals of issue 8, each with the figure that decides it, and the peer figures for scale. */
export function summarizeGoals(run: BenchRun): string[] {
  const data = (name: string) => (run.suites[name]?.error ? undefined : (run.suites[name]?.data as Data | undefined));
  const lines: string[] = [];
  const mosquitto = data("baseline-mosquitto")?.maxMsgPerSecond as number | undefined;
  const kafka = data("baseline-kafka")?.recordsPerSecond as number | undefined;
  if (mosquitto !== undefined || kafka !== undefined) {
    lines.push(
      `- Baselines: Mosquitto QoS 1 pass-through ${fmtInt(mosquitto ?? Number.NaN)} msg/s; Kafka ProducerPerformance ${fmtInt(kafka ?? Number.NaN)} records/s (acks=all).`,
    );
  }
  const ingest = data("mqtt-ingest");
  if (ingest && typeof ingest.fixedRate === "number") {
    const [fixed] = ingest.phases as { kafkaVisibleMs: LatencySummary; kafkaProducedMs: LatencySummary }[];
    lines.push(
      `- MQTT ingest at a fixed ${fmtInt(ingest.fixedRate)} msg/s (--rate): device to Kafka p95 ${fmtInt(fixed?.kafkaVisibleMs.p95 ?? Number.NaN)} ms read back, ${fmtInt(fixed?.kafkaProducedMs.p95 ?? Number.NaN)} ms to the record's CreateTime.`,
    );
  } else if (ingest) {
    const max = ingest.maxMsgPerSecond as number;
    const phases = ingest.phases as {
      label: string;
      kafkaVisibleMs: LatencySummary;
      kafkaProducedMs: LatencySummary;
    }[];
    const half = phases.find((p) => p.label === "50%");
    lines.push(
      `- MQTT ingest to Kafka: ${fmtInt(max)} msg/s (${fmtRatio(max, mosquitto ?? Number.NaN)} of the Mosquitto pass-through). Device to Kafka p95 < 50 ms at half load: ${verdict((half?.kafkaVisibleMs.p95 ?? Number.POSITIVE_INFINITY) < 50)} (p95 ${fmtInt(half?.kafkaVisibleMs.p95 ?? Number.NaN)} ms read back, ${fmtInt(half?.kafkaProducedMs.p95 ?? Number.NaN)} ms to the record's CreateTime).`,
    );
  }
  const e2e = data("end-to-end");
  if (e2e && typeof e2e.fixedRate === "number") {
    const [fixed] = e2e.phases as { deviceToRowMs: LatencySummary }[];
    lines.push(
      `- Whole pipeline at a fixed ${fmtInt(e2e.fixedRate)} msg/s (--rate; no sustained-rate search): p95 device-to-row ${fmtInt(fixed?.deviceToRowMs.p95 ?? Number.NaN)} ms.`,
    );
  } else if (e2e) {
    const sustained = (e2e.sustainedMsgPerSecond as number | null) ?? Number.NaN;
    const closedLoop = e2e.closedLoopMsgPerSecond as number;
    const phases = e2e.phases as { label: string; deviceToRowMs: LatencySummary }[];
    const p95 = phases.find((p) => p.label === "80%")?.deviceToRowMs.p95 ?? Number.NaN;
    lines.push(
      `- Whole pipeline (device -> row in PostgreSQL): sustained ${Number.isNaN(sustained) ? "not found (no offered rate held)" : `${fmtInt(sustained)} msg/s`} (closed-loop saturation ${fmtInt(closedLoop)} rows/s during the load); goal 20,000 msg/s on 2 cores: ${verdict(sustained >= 20_000)}; ${fmtRatio(sustained, 5_000)} of ThingsBoard's published 5,000 msg/s on 2 vCPU. p95 device-to-row at 80 % of the ${Number.isNaN(sustained) ? "closed-loop figure" : "sustained rate"} < 500 ms: ${verdict(p95 < 500)} (p95 ${fmtInt(p95)} ms).`,
    );
  }
  const floor = runCostFloor(data);
  if (floor) {
    const cores = coresAt(floor.micros, GOAL_MSG_PER_SECOND);
    const withLoad = coresAt(floor.micros + floor.loadGeneratorMicros, GOAL_MSG_PER_SECOND);
    lines.push(
      `- Cost floor at ${fmtInt(GOAL_MSG_PER_SECOND)} msg/s (this run's pass-through and Kafka-client figures; TLS, transactions, Fleetwire's own code, PostgreSQL and Redis left out, so the real cost is higher): ${floor.parts.map((p) => `${p.part} ${fmtMicros(p.micros)}`).join(" + ")} = ${fmtMicros(floor.micros)} per message, **${cores.toFixed(2)} cores**; with the load generator on the same machine (${fmtMicros(floor.loadGeneratorMicros)}) ${withLoad.toFixed(2)} cores, of ${run.machine.nproc}.`,
    );
  }
  const sessions = data("bridge-sessions");
  if (sessions) {
    const variants = sessions.variants as { sessions: number; max: { kafkaPerSecond: number } }[];
    lines.push(
      `- Bridge sessions vs ingest rate: ${variants.map((v) => `${v.sessions} -> ${fmtInt(v.max.kafkaPerSecond)} msg/s`).join(", ")}.`,
    );
  }
  const conn = data("connections");
  if (conn) {
    lines.push(
      `- Sessions held: ${fmtInt(conn.open as number)} idle mTLS sessions (${(conn.perSessionKiB as number).toFixed(1)} KiB each in Mosquitto, ${fmtInt(conn.acceptedPerSecond as number)} established/s); goal 100,000: ${verdict((conn.open as number) >= 100_000)} (broker fd limit ${fmtInt(conn.brokerFdLimit as number)}).`,
    );
  }
  const rules = data("rules");
  if (rules) {
    const cases = rules.evaluate as { rules: number; shape: string; evaluationsPerSecond: number }[];
    const reload = rules.hotReload as { summary?: LatencySummary; error?: string };
    lines.push(
      `- Rules per core: ${cases.map((c) => `${fmtInt(c.rules)} ${c.shape} ${fmtInt(c.evaluationsPerSecond)} msg/s`).join(", ")}; hot reload ${reload.summary ? `p99 ${fmtInt(reload.summary.p99)} ms` : `not measured (${reload.error})`}.`,
    );
  }
  const hc = data("http-coap-ingest");
  if (hc) {
    const r = (k: string) =>
      (hc[k] as { perSecond: number; messagesPerSecond: number } | undefined) ?? {
        perSecond: Number.NaN,
        messagesPerSecond: Number.NaN,
      };
    lines.push(
      `- HTTPS ingest ${fmtInt(r("https").perSecond)} requests/s (batches of 50: ${fmtInt(r("httpsBatch50").messagesPerSecond)} msg/s); CoAP ${fmtInt(r("coap").perSecond)} msg/s.`,
    );
  }
  const clients = data("kafka-clients");
  if (clients) {
    const results = clients.results as { name: string; recordsPerSecond: number }[];
    const reads = (clients.reads ?? []) as { name: string; recordsPerSecond: number; cpuMicrosPerRecord: number }[];
    lines.push(
      `- Kafka clients (producer, acks=all, idempotent): ${results.map((r) => `${r.name} ${fmtInt(r.recordsPerSecond)} records/s`).join("; ")}.`,
    );
    if (reads.length > 0)
      lines.push(
        `- Kafka clients (consumer, read_committed): ${reads.map((r) => `${r.name} ${fmtInt(r.recordsPerSecond)} records/s at ${r.cpuMicrosPerRecord.toFixed(1)} µs of CPU each`).join("; ")}.`,
      );
  }
  lines.push(
    `- Machine load: 1-minute load average ${run.machine.loadAverageAtStart} at the start and ${run.loadAverageAtEnd} at the end on ${run.machine.nproc} cores, CPU pressure ${run.machine.cpuPressureAtStart ?? "n/a"} % / ${run.cpuPressureAtEnd ?? "n/a"} %${run.machine.loadAverageAtStart > run.machine.nproc ? " (other work was running on this shared machine: absolute figures are depressed; the same-run ratios are the comparable part)" : ""}.`,
  );
  return lines;
}
