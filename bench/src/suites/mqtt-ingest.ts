import { setTimeout as sleep } from "node:timers/promises";
import { KAFKA_TOPICS } from "@fleetwire/config";
import { observeTopic, type TopicObserver } from "../load/kafka-observer.ts";
import type { LoadClient } from "../load/load-types.ts";
import { waitForPipelineIdle } from "../load/pipeline-idle.ts";
import { type PublishLoadResult, runPublishLoad } from "../load/run-workers.ts";
import { topicEndOffsets } from "../load/topic-end-offsets.ts";
import { windowCounter } from "../load/window-counter.ts";
import { fmtInt, fmtLatency, fmtRatio, table } from "../stats/format.ts";
import type { LatencySummary } from "../stats/latency-summary.ts";
import { type BenchContext, pick, type Suite } from "./suite.ts";

export interface IngestPhase {
  label: string;
  load: PublishLoadResult;
  /** Records written to telemetry.raw per second inside the measured window (end offsets; only the bench writes there). */
  kafkaPerSecond: number;
  kafkaVisibleMs: LatencySummary;
  /** publish -> the record's CreateTime (the bridge's producer), immune to the observer's lag. */
  kafkaProducedMs: LatencySummary;
  /** publish -> the bridge's received_at (in the record): the part of kafkaProducedMs before the bridge's own work. */
  bridgeReceivedMs: LatencySummary;
  kafkaRecords: number;
  /** Seconds after publishing stopped until every broker-acknowledged message was in Kafka (bounded). */
  drainSeconds: number;
  /**
   * Records of the phase / (load time + drain time): the bridge's rate including the part it did
   * after the load generator (which shares the two cores) had stopped.
   */
  overallPerSecond: number;
  idleBefore: Awaited<ReturnType<typeof waitForPipelineIdle>>;
}

const WARMUP_MS = 2_000;

/**
 * One bounded load phase, started from an idle pipeline, with the telemetry.raw observer counting
 * and timing this phase's records. The device's PUBACK comes from the broker as soon as it has the
 * message (Mosquitto, like EMQX, does not wait for the bridge's acknowledgement); Fleetwire's own
 * acknowledgement is the record in Kafka, so rates and latencies are measured there.
 */
export async function ingestPhase(
  ctx: BenchContext,
  observer: TopicObserver,
  clients: LoadClient[],
  phase: { label: string; mode: "closed" | "open"; rate: number; window: number; durationMs: number },
): Promise<IngestPhase> {
  const idleBefore = await waitForPipelineIdle(ctx.config);
  const runId = `${ctx.runId}${phase.label.replace(/[^a-z0-9]/gi, "")}`;
  observer.reset(`${runId}-`);
  const offsets = await topicEndOffsets(ctx.config, KAFKA_TOPICS.telemetryRaw.name);
  const startOffset = await offsets.total();
  const counter = windowCounter(() => offsets.total(), WARMUP_MS, phase.durationMs);
  const load = await runPublishLoad(
    {
      url: `mqtts://127.0.0.1:${ctx.config.ports.mqttMtls}`,
      mode: phase.mode,
      window: phase.window,
      rate: phase.rate,
      maxInFlightPerClient: 200,
      durationMs: phase.durationMs,
      maxMessages: 5_000_000,
      warmupMs: WARMUP_MS,
      runId,
      payload: "envelope",
    },
    clients,
    2,
    { onStarted: () => counter.started() },
  );
  const kafkaPerSecond = await counter.perSecond();
  const expected = load.acknowledged - Object.values(load.refused).reduce((a, b) => a + b, 0);
  const drainStart = Date.now();
  let written = (await offsets.total()) - startOffset;
  while (written < expected && Date.now() - drainStart < 180_000) {
    await sleep(250);
    written = (await offsets.total()) - startOffset;
  }
  const drainSeconds = Math.round((Date.now() - drainStart) / 100) / 10;
  // The observer's latencies are only complete once it has read every record of the phase.
  const readStart = Date.now();
  while (observer.matched < written && Date.now() - readStart < 30_000) await sleep(250);
  await offsets.close();
  ctx.log(
    `  ${phase.label}: broker acked ${fmtInt(load.ackedPerSecond)} msg/s, Kafka ${fmtInt(kafkaPerSecond)} msg/s, ${fmtInt(written)} of ${fmtInt(expected)} in Kafka ${drainSeconds} s after the load (observer read ${fmtInt(observer.matched)})`,
  );
  return {
    label: phase.label,
    load,
    kafkaPerSecond,
    kafkaVisibleMs: observer.summary(),
    kafkaProducedMs: observer.producedSummary(),
    bridgeReceivedMs: observer.receivedSummary(),
    kafkaRecords: observer.matched,
    drainSeconds,
    overallPerSecond: Math.round(written / (phase.durationMs / 1000 + drainSeconds)),
    idleBefore,
  };
}

const PHASE_HEADINGS = [
  "load",
  "offered msg/s",
  "broker-acked msg/s",
  "in Kafka msg/s during load",
  "in Kafka msg/s incl. drain",
  "vs Mosquitto pass-through / Kafka producer",
  "publish -> received by the bridge (received_at)",
  "publish -> produced to telemetry.raw (record CreateTime)",
  "publish -> read back from telemetry.raw",
  "publish -> broker PUBACK",
  "drain after load",
  "errors / shed / refused",
];

function phaseRow(p: IngestPhase, mosquitto?: number, kafka?: number) {
  return [
    p.label,
    p.load.targetRate ? fmtInt(p.load.targetRate) : "closed loop",
    fmtInt(p.load.ackedPerSecond),
    fmtInt(p.kafkaPerSecond),
    fmtInt(p.overallPerSecond),
    `${fmtRatio(p.kafkaPerSecond, mosquitto ?? Number.NaN)} / ${fmtRatio(p.kafkaPerSecond, kafka ?? Number.NaN)}`,
    fmtLatency(p.bridgeReceivedMs),
    fmtLatency(p.kafkaProducedMs),
    fmtLatency(p.kafkaVisibleMs),
    fmtLatency(p.load.ackLatencyMs),
    `${p.drainSeconds} s`,
    `${fmtInt(p.load.errors)} / ${fmtInt(p.load.shed)} / ${
      Object.entries(p.load.refused)
        .map(([c, n]) => `${c}:${n}`)
        .join(" ") || "0"
    }`,
  ];
}

/**
 * Devices (MQTT.js, mutual TLS with real operational certificates) -> Mosquitto -> ingest bridge
 * (shared subscription, validation, acks=all) -> telemetry.raw. The maximum is the rate records
 * reach Kafka while devices publish as fast as the broker takes them (closed loop); then open-loop
 * rates at 50 % and 100 % of that maximum, with publish -> visible in telemetry.raw latency.
 */
export const mqttIngest: Suite = {
  name: "mqtt-ingest",
  title: "MQTT ingest, QoS 1: device -> Kafka-acknowledged",
  async run(ctx) {
    const deviceCount = pick(ctx, 100, 200);
    const durationMs = pick(ctx, 8_000, 30_000);
    const { loadClients } = await ctx.devices(deviceCount);
    const clients = loadClients(deviceCount);
    const observer = await observeTopic(ctx.config, KAFKA_TOPICS.telemetryRaw.name);
    try {
      if (ctx.fixedRate !== undefined) {
        // --rate=N: one open-loop phase at N msg/s, to compare two commits or settings at the same load.
        const fixed = await ingestPhase(ctx, observer, clients, {
          label: `${fmtInt(ctx.fixedRate)} msg/s (--rate)`,
          mode: "open",
          rate: ctx.fixedRate,
          window: 0,
          durationMs,
        });
        return {
          data: { fixedRate: ctx.fixedRate, durationMs, phases: [fixed] },
          markdown: [
            `${deviceCount} simulated devices as in the full suite, one open-loop phase of ${durationMs / 1000} s at a fixed offered rate (--rate; first 2 s not measured), without the maximum and the 50 % / 100 % phases. Columns as in the full suite.`,
            "",
            ...table(PHASE_HEADINGS, [phaseRow(fixed)]),
          ],
        };
      }
      ctx.log(`  ${deviceCount} devices, closed loop (maximum)`);
      const max = await ingestPhase(ctx, observer, clients, {
        label: "max",
        mode: "closed",
        rate: 0,
        window: 4,
        // Closed loop fills the bridge's broker queue as fast as Mosquitto takes messages: keep it short.
        durationMs: pick(ctx, 6_000, 15_000),
      });
      const maxRate = max.kafkaPerSecond;
      const half = await ingestPhase(ctx, observer, clients, {
        label: "50%",
        mode: "open",
        rate: Math.max(100, Math.round(maxRate / 2)),
        window: 0,
        durationMs,
      });
      const full = await ingestPhase(ctx, observer, clients, {
        label: "100%",
        mode: "open",
        rate: Math.max(100, maxRate),
        window: 0,
        durationMs,
      });
      const mosquitto = ctx.results["baseline-mosquitto"]?.data.maxMsgPerSecond as number | undefined;
      const kafka = ctx.results["baseline-kafka"]?.data.recordsPerSecond as number | undefined;
      const halfP95 = half.kafkaVisibleMs.p95;
      const halfProducedP95 = half.kafkaProducedMs.p95;
      return {
        data: {
          devices: deviceCount,
          durationMs,
          maxMsgPerSecond: maxRate,
          halfLoadKafkaP95Ms: halfP95,
          phases: [max, half, full],
        },
        markdown: [
          `${deviceCount} simulated devices (MQTT.js, MQTT 5, QoS 1, mutual TLS with operational certificates from the platform CA, two load threads), envelope of about 110 bytes, ${pick(ctx, 6, 15)} s for the closed-loop maximum and ${durationMs / 1000} s for each open-loop phase (first 2 s not measured), each phase starting from an idle pipeline.`,
          "A device's PUBACK comes from the broker when it has the message (Mosquitto does not wait for the bridge); Fleetwire acknowledges by writing to Kafka with acks=all before it PUBACKs the broker. So the rate that counts is the growth of telemetry.raw's end offsets (only the bench writes there), and the latency is publish (the envelope timestamp) -> the record read back by a kafkajs consumer; the record's CreateTime (set by the bridge's producer just before the acks=all request) gives the same path without the consumer's own lag. The bridge's received_at (in each record) splits that path: before it, the device, the broker and the bridge's MQTT client; after it, validation and the wait for the batch's turn to be sent. The broker PUBACK column is for reference.",
          "",
          ...table(PHASE_HEADINGS, [
            phaseRow(max, mosquitto, kafka),
            phaseRow(half, mosquitto, kafka),
            phaseRow(full, mosquitto, kafka),
          ]),
          "",
          `Goal "device to Kafka acknowledgement p95 < 50 ms at half load": ${halfP95 < 50 ? "**met**" : "**not met**"} (read back: p95 ${fmtInt(halfP95)} ms; record CreateTime: p95 ${fmtInt(halfProducedP95)} ms; at ${fmtInt(half.load.targetRate ?? 0)} msg/s offered).`,
        ],
      };
    } finally {
      await observer.stop();
    }
  },
};
