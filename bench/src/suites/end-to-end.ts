import { setTimeout as sleep } from "node:timers/promises";
import { KAFKA_TOPICS } from "@fleetwire/config";
import { ensureTimeseriesRule } from "../fixtures/timeseries-rule.ts";
import { observeTopic, type TopicObserver } from "../load/kafka-observer.ts";
import type { LoadClient } from "../load/load-types.ts";
import { waitForPipelineIdle } from "../load/pipeline-idle.ts";
import { type PublishLoadResult, runPublishLoad } from "../load/run-workers.ts";
import { countTelemetryRows, observeTelemetryRows } from "../load/telemetry-row-observer.ts";
import { pipelineWorkersRunning } from "../platform-extras.ts";
import { fmtInt, fmtLatency, fmtRatio, table } from "../stats/format.ts";
import type { LatencySummary } from "../stats/latency-summary.ts";
import { type BenchContext, pick, type Suite } from "./suite.ts";

interface EndToEndPhase {
  label: string;
  load: PublishLoadResult;
  rowsDuringLoad: number;
  rowsPerSecondDuringLoad: number;
  rowsFinal: number;
  /** Seconds after the load stopped until every acknowledged message had its row (or the bound). */
  drainSeconds: number;
  deviceToRowMs: LatencySummary;
  /** publish -> written to telemetry.raw by the bridge (record CreateTime). */
  toRawMs: LatencySummary;
  /** publish -> written to route.timeseries by the rules worker (record CreateTime, read committed). */
  toRoutedMs: LatencySummary;
  idleBefore: Awaited<ReturnType<typeof waitForPipelineIdle>>;
}

const MARKERS = 4;

interface Stages {
  raw: TopicObserver;
  routed: TopicObserver;
}

async function phase(
  ctx: BenchContext,
  clients: LoadClient[],
  rows: Awaited<ReturnType<typeof observeTelemetryRows>>,
  stages: Stages,
  spec: { label: string; mode: "closed" | "open"; rate: number; durationMs: number },
): Promise<EndToEndPhase> {
  const idleBefore = await waitForPipelineIdle(ctx.config);
  const runId = `${ctx.runId}e${spec.label.replace(/[^a-z0-9]/gi, "")}`;
  rows.reset(`${runId}-`);
  stages.raw.reset(`${runId}-`);
  stages.routed.reset(`${runId}-`);
  const since = Date.now() - 1_000;
  const devices = clients.map((c) => c.id);
  const load = await runPublishLoad(
    {
      url: `mqtts://127.0.0.1:${ctx.config.ports.mqttMtls}`,
      mode: spec.mode,
      window: 4,
      rate: spec.rate,
      maxInFlightPerClient: 200,
      durationMs: spec.durationMs,
      maxMessages: 5_000_000,
      warmupMs: 2_000,
      runId,
      payload: "envelope",
    },
    clients,
    2,
  );
  const rowsDuringLoad = await countTelemetryRows(ctx.config.databaseUrl, devices, since, `${runId}-`);
  const expected = load.acknowledged - Object.values(load.refused).reduce((a, b) => a + b, 0);
  const drainStart = Date.now();
  let rowsFinal = rowsDuringLoad;
  while (rowsFinal < expected && Date.now() - drainStart < 180_000) {
    await sleep(500);
    rowsFinal = await countTelemetryRows(ctx.config.databaseUrl, devices, since, `${runId}-`);
  }
  return {
    label: spec.label,
    load,
    rowsDuringLoad,
    // Published messages the broker acknowledged; the bridge and workers may still be behind.
    rowsPerSecondDuringLoad: Math.round(rowsDuringLoad / (spec.durationMs / 1000)),
    rowsFinal,
    drainSeconds: Math.round((Date.now() - drainStart) / 100) / 10,
    deviceToRowMs: rows.summary(),
    // Where the time goes: each stage's record CreateTime (set by the producer that wrote it).
    toRawMs: stages.raw.producedSummary(),
    toRoutedMs: stages.routed.producedSummary(),
    idleBefore,
  };
}

/**
 * Device publish -> row in PostgreSQL: MQTT ingest, rules worker (one rule routes the bench fleet
 * to route.timeseries), time-series writer (COPY), committed. Maximum by closed loop (the rows
 * that landed while the load ran), then 80 % of it open loop with device-to-row latency.
 */
export const endToEnd: Suite = {
  name: "end-to-end",
  title: "End to end: device publish -> telemetry row in PostgreSQL",
  async run(ctx) {
    if (!(await pipelineWorkersRunning(ctx.config)))
      throw new Error("the pipeline workers (rules worker, writers) are not running");
    const deviceCount = pick(ctx, 100, 200);
    const durationMs = pick(ctx, 10_000, 30_000);
    const fixtures = await ctx.devices(deviceCount);
    const clients = fixtures.loadClients(deviceCount);
    await ensureTimeseriesRule(ctx, fixtures.devices[0]?.fleetId as string);
    const stages: Stages = {
      raw: await observeTopic(ctx.config, KAFKA_TOPICS.telemetryRaw.name),
      routed: await observeTopic(ctx.config, KAFKA_TOPICS.routeTimeseries.name),
    };
    const rows = await observeTelemetryRows(
      ctx.config.databaseUrl,
      clients.slice(0, MARKERS).map((c) => c.id),
    );
    try {
      ctx.log(`  ${deviceCount} devices, closed loop (maximum)`);
      const max = await phase(ctx, clients, rows, stages, {
        label: "max",
        mode: "closed",
        rate: 0,
        durationMs: pick(ctx, 6_000, 15_000),
      });
      ctx.log(
        `  max: ${fmtInt(max.rowsFinal)} of ${fmtInt(max.load.acknowledged)} rows ${max.drainSeconds} s after the load`,
      );
      const e2eMax = Math.min(max.load.ackedPerSecond, max.rowsPerSecondDuringLoad);
      ctx.log(
        `  ${fmtInt(max.load.ackedPerSecond)} msg/s acked, ${fmtInt(max.rowsPerSecondDuringLoad)} rows/s landed; 80 % open loop`,
      );
      const eighty = await phase(ctx, clients, rows, stages, {
        label: "80%",
        mode: "open",
        rate: Math.max(100, Math.round(e2eMax * 0.8)),
        durationMs,
      });
      const ingestMax = ctx.results["mqtt-ingest"]?.data.maxMsgPerSecond as number | undefined;
      const mosquitto = ctx.results["baseline-mosquitto"]?.data.maxMsgPerSecond as number | undefined;
      const p95 = eighty.deviceToRowMs.p95;
      const row = (p: EndToEndPhase) => [
        p.label,
        p.load.targetRate ? fmtInt(p.load.targetRate) : "max",
        fmtInt(p.load.ackedPerSecond),
        fmtInt(p.rowsPerSecondDuringLoad),
        `${fmtInt(p.rowsFinal)} of ${fmtInt(p.load.acknowledged)} (${p.drainSeconds} s after)`,
        fmtLatency(p.load.ackLatencyMs),
        fmtLatency(p.toRawMs),
        fmtLatency(p.toRoutedMs),
        fmtLatency(p.deviceToRowMs),
      ];
      return {
        data: {
          devices: deviceCount,
          durationMs,
          maxMsgPerSecond: e2eMax,
          phases: [max, eighty],
          pollMeanMs: rows.meanPollMs(),
        },
        markdown: [
          `${deviceCount} devices as in the ingest suite; one rule routes the fleet to route.timeseries; rows counted per message (its temperature row). Device-to-row latency from ${MARKERS} marker devices' rows, polled every 50 ms (adds about 25 ms on average; mean poll ${rows.meanPollMs().toFixed(1)} ms). The stage columns use each record's CreateTime in telemetry.raw (written by the bridge) and route.timeseries (written by the rules worker), for every message of the phase.`,
          "",
          ...table(
            [
              "load",
              "offered msg/s",
              "device-acked msg/s",
              "rows landed/s during load",
              "rows in the end",
              "publish -> PUBACK",
              "publish -> in telemetry.raw",
              "publish -> in route.timeseries",
              "publish -> row visible",
            ],
            [row(max), row(eighty)],
          ),
          "",
          `Whole-pipeline maximum ${fmtInt(e2eMax)} msg/s (${fmtRatio(e2eMax, mosquitto ?? Number.NaN)} of Mosquitto pass-through, ${fmtRatio(e2eMax, ingestMax ?? Number.NaN)} of MQTT ingest alone).`,
          `Goal "20,000 QoS 1 msg/s whole pipeline on 2 cores": ${e2eMax >= 20_000 ? "**met**" : "**not met**"}. Goal "p95 device-to-row < 500 ms at 80 %": ${p95 < 500 ? "**met**" : "**not met**"} (p95 ${fmtInt(p95)} ms).`,
        ],
      };
    } finally {
      await rows.stop();
      await Promise.all([stages.raw.stop(), stages.routed.stop()]);
    }
  },
};
