import { readServiceCredentials } from "@fleetwire/infra/mosquitto";
import type { LoadClient } from "../load/load-types.ts";
import { nextMessage, type PublishLoadResult, runPublishLoad, startWorker } from "../load/run-workers.ts";
import { cpuSinceNow, mosquittoPid } from "../profile/find-service-process.ts";
import { fmtInt, fmtLatency, fmtMicros, table } from "../stats/format.ts";
import { type LatencySummary, summarizeLatencies } from "../stats/latency-summary.ts";
import { type BenchContext, pick, type Suite } from "./suite.ts";

interface PassThroughRun {
  load: PublishLoadResult;
  delivered: number;
  deliveredPerSecond: number;
  deliveryLatencyMs: LatencySummary;
  /** CPU per message of each part, µs: what any MQTT -> Kafka pipeline pays before it does anything. */
  cpuMicrosPerMessage: { publishers: number; mosquitto: number; subscriber: number };
}

/**
 * Mosquitto QoS 1 pass-through without Fleetwire: MQTT.js publishers -> our broker's services
 * listener -> one MQTT.js subscriber. The ceiling the broker and MQTT.js give on this machine,
 * against which the ingest figures are read.
 */
async function passThrough(ctx: BenchContext, mode: "closed" | "open", rate: number): Promise<PassThroughRun> {
  const service = readServiceCredentials(ctx.config);
  const publishers = pick(ctx, 8, 16);
  const durationMs = pick(ctx, 6_000, 20_000);
  const clients: LoadClient[] = Array.from({ length: publishers }, (_, i) => ({
    id: `bench-pt-${ctx.runId}-${i}`,
    topic: `bench/passthrough/${ctx.runId}/${i}`,
    username: service.username,
    password: service.password,
  }));
  const subscriber = startWorker("./mqtt-subscriber-worker.ts", {
    url: service.url,
    username: service.username,
    password: service.password,
    filter: `bench/passthrough/${ctx.runId}/#`,
    clientId: `bench-pt-sub-${ctx.runId}-${mode}`,
  });
  try {
    await nextMessage(subscriber, "ready", 30_000);
    const mosquittoCpu = cpuSinceNow([mosquittoPid(ctx.config)]);
    const startedAt = performance.now();
    const load = await runPublishLoad(
      {
        url: service.url,
        mode,
        window: 16,
        rate,
        maxInFlightPerClient: 1000,
        durationMs,
        maxMessages: 3_000_000,
        warmupMs: 1_000,
        runId: ctx.runId,
        payload: "timestamp",
      },
      clients,
      1,
    );
    // The subscriber may still be catching up: give it a bounded moment after the publishers stop.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const elapsed = (performance.now() - startedAt) / 1000 - 2;
    const mosquittoSeconds = mosquittoCpu();
    subscriber.postMessage("stop");
    const report = await nextMessage<{ received: number; latencies: Float64Array; cpuSeconds: number }>(
      subscriber,
      "report",
      30_000,
    );
    const perMessage = (seconds: number, messages: number) => (messages > 0 ? (seconds * 1e6) / messages : Number.NaN);
    return {
      load,
      delivered: report.received,
      deliveredPerSecond: Math.round(report.received / elapsed),
      deliveryLatencyMs: summarizeLatencies(report.latencies),
      cpuMicrosPerMessage: {
        publishers: perMessage(load.cpuSeconds, load.published),
        // Over every message published, not only those delivered in time: the lower of the two readings.
        mosquitto: perMessage(mosquittoSeconds, Math.max(load.published, report.received)),
        subscriber: perMessage(report.cpuSeconds, report.received),
      },
    };
  } finally {
    await subscriber.terminate();
  }
}

export const baselineMosquitto: Suite = {
  name: "baseline-mosquitto",
  title: "Baseline: Mosquitto QoS 1 pass-through (no Fleetwire)",
  async run(ctx) {
    ctx.log("  pass-through, closed loop (maximum)");
    const max = await passThrough(ctx, "closed", 0);
    const maxRate = Math.min(max.load.ackedPerSecond, max.deliveredPerSecond);
    ctx.log(`  maximum ${fmtInt(maxRate)} msg/s; now at 50 %`);
    const half = await passThrough(ctx, "open", Math.max(100, Math.round(maxRate / 2)));
    const row = (label: string, r: PassThroughRun) => [
      label,
      fmtInt(r.load.ackedPerSecond),
      fmtInt(r.deliveredPerSecond),
      fmtLatency(r.load.ackLatencyMs),
      fmtLatency(r.deliveryLatencyMs),
    ];
    return {
      data: { maxMsgPerSecond: maxRate, max, half },
      markdown: [
        `${max.load.clients} MQTT.js publishers (one worker thread) and one subscriber, QoS 1, services listener (plain MQTT on loopback).`,
        "",
        ...table(
          ["load", "published+acked msg/s", "delivered msg/s", "publish -> PUBACK", "publish -> delivery"],
          [
            row("maximum (closed loop, 16 in flight per publisher)", max),
            row(`50 % (${fmtInt(half.load.targetRate ?? 0)} msg/s offered)`, half),
          ],
        ),
        "",
        "CPU per message at the maximum (each thread's and Mosquitto's own CPU time over the messages it handled):",
        "",
        ...table(
          ["publishers (the load generator)", "Mosquitto (in and out)", "subscriber (the bridge's place)"],
          [
            [
              fmtMicros(max.cpuMicrosPerMessage.publishers),
              fmtMicros(max.cpuMicrosPerMessage.mosquitto),
              fmtMicros(max.cpuMicrosPerMessage.subscriber),
            ],
          ],
        ),
      ],
    };
  },
};
