import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import { KAFKA_TOPICS, REPO_ROOT } from "@fleetwire/config";
import { createPrisma } from "@fleetwire/db";
import { seedDevice, seedFleet } from "@fleetwire/db/testing";
import { Kafka, logLevel } from "kafkajs";
import { rulesApi } from "../fixtures/rules-api.ts";
import { fmtInt, fmtLatency, table } from "../stats/format.ts";
import { type LatencySummary, summarizeLatencies } from "../stats/latency-summary.ts";
import { type BenchContext, pick, type Suite } from "./suite.ts";

const run = promisify(execFile);

interface EvaluateCase {
  rules: number;
  shape: string;
  evaluationsPerSecond: number;
  compileMs: number;
}

/** packages/rules/bench/evaluate.bench.ts, run as it is (one process, one core), its JSON lines parsed. */
async function evaluationThroughput(): Promise<EvaluateCase[]> {
  const { stdout } = await run(
    path.join(REPO_ROOT, "node_modules/.bin/tsx"),
    [path.join(REPO_ROOT, "packages/rules/bench/evaluate.bench.ts"), "--json"],
    { cwd: REPO_ROOT, timeout: 120_000 },
  );
  return stdout
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as EvaluateCase);
}

/**
 * Hot reload as an operator sees it: a rule changed through the control plane's API, and the time
 * until telemetry is routed by the new version (a record of a probe device arriving on the new
 * route topic). The probe's records go straight into telemetry.raw every 10 ms, shaped as the
 * ingest bridge writes them; each rule change flips the route between timeseries and archive.
 */
async function hotReload(ctx: BenchContext, changes: number): Promise<{ samples: number[]; timeouts: number }> {
  const prisma = createPrisma(ctx.config.databaseUrl, { maxConnections: 2 });
  const { devices } = await ctx.devices(1);
  const benchFleet = await prisma.fleet.findUniqueOrThrow({ where: { id: devices[0]?.fleetId as string } });
  const fleet = await seedFleet(prisma, {
    organisationId: benchFleet.organisationId,
    name: `bench-reload-${ctx.runId}`,
  });
  const model = await prisma.device.findUniqueOrThrow({ where: { id: devices[0]?.id as string } });
  const device = await seedDevice(prisma, { fleetId: fleet.id, modelId: model.modelId, status: "active" });
  await prisma.$disconnect();

  const api = await rulesApi(ctx.config, fleet.id);
  const targets = ["timeseries", "archive"] as const;
  const topics = { timeseries: KAFKA_TOPICS.routeTimeseries.name, archive: KAFKA_TOPICS.routeArchive.name };
  const rule = await api.rules.create.mutate({
    fleetId: fleet.id,
    name: `bench-reload-${ctx.runId}`,
    document: { then: [{ route_to: "timeseries" }] },
  });

  const kafka = new Kafka({
    clientId: "fleetwire-bench-reload",
    brokers: ctx.config.kafka.brokers,
    logLevel: logLevel.NOTHING,
  });
  const producer = kafka.producer();
  const consumer = kafka.consumer({
    groupId: `fleetwire-bench-reload-${randomBytes(4).toString("hex")}`,
    maxWaitTimeInMs: 20,
  });
  let generation = 0;
  // Newest generation seen on each route topic, with when it was first seen.
  const seen: Record<string, { generation: number; at: number }> = {};
  await producer.connect();
  await consumer.connect();
  await consumer.subscribe({ topics: Object.values(topics), fromBeginning: false });
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  await consumer.run({
    eachMessage: async ({ topic, message }) => {
      if (message.key?.toString() !== device.id) return;
      const id = (JSON.parse(message.value?.toString() ?? "{}") as { message_id?: string }).message_id ?? "";
      const g = Number(/^g(\d+)-/.exec(id)?.[1] ?? -1);
      if (g > (seen[topic]?.generation ?? -1)) seen[topic] = { generation: g, at: Date.now() };
    },
  });
  await joined;

  let sending = true;
  let n = 0;
  const sender = (async () => {
    while (sending) {
      const now = new Date().toISOString();
      const messageId = `g${generation}-${n++}`;
      await producer.send({
        topic: KAFKA_TOPICS.telemetryRaw.name,
        acks: -1,
        messages: [
          {
            key: device.id,
            value: JSON.stringify({
              message_id: messageId,
              device_id: device.id,
              fleet_id: fleet.id,
              model_id: device.modelId,
              timestamp: now,
              received_at: now,
              protocol: "mqtt",
              metrics: { temperature: 20 },
            }),
            headers: {
              fleet: fleet.id,
              model: device.modelId,
              "message-id": messageId,
              "received-at": now,
              protocol: "mqtt",
            },
          },
        ],
      });
      await sleep(10);
    }
  })();

  const samples: number[] = [];
  let timeouts = 0;
  try {
    // The first rule must be in force before changes are timed.
    const ready = Date.now();
    while ((seen[topics.timeseries]?.generation ?? -1) < 0 && Date.now() - ready < 30_000) await sleep(20);
    for (let i = 1; i <= changes; i++) {
      const target = targets[i % 2] as (typeof targets)[number];
      await api.rules.update.mutate({ ruleId: rule.id, document: { then: [{ route_to: target }] } });
      const changedAt = Date.now();
      generation = i;
      let observed: number | undefined;
      while (Date.now() - changedAt < 10_000) {
        const s = seen[topics[target]];
        if (s && s.generation >= i) {
          observed = s.at;
          break;
        }
        await sleep(2);
      }
      if (observed === undefined) timeouts += 1;
      else samples.push(Math.max(0, observed - changedAt));
      await sleep(300);
    }
  } finally {
    sending = false;
    await sender;
    await consumer.disconnect();
    await producer.disconnect();
  }
  return { samples, timeouts };
}

export const rules: Suite = {
  name: "rules",
  title: "Rules: evaluation throughput and hot reload",
  async run(ctx) {
    ctx.log("  evaluation (packages/rules/bench/evaluate.bench.ts)");
    const cases = await evaluationThroughput();
    const changes = pick(ctx, 10, 50);
    ctx.log(`  hot reload: ${changes} rule changes through the API`);
    let reload: { samples: number[]; timeouts: number; summary: LatencySummary } | { error: string };
    try {
      const r = await hotReload(ctx, changes);
      reload = { ...r, summary: summarizeLatencies(r.samples) };
    } catch (error) {
      reload = { error: (error as Error).message };
    }
    return {
      data: { evaluate: cases, hotReload: reload },
      markdown: [
        'Evaluation: the rules package\'s own micro-benchmark (one thread, so figures are per core). A message is evaluated against every rule of its fleet; "all-match" means every rule\'s CEL condition runs (worst case), "scoped" means rules filter on device id and 1 in 50 applies.',
        "",
        ...table(
          ["rules", "shape", "messages/s per core", "rule evaluations/s per core", "compile ms"],
          cases.map((c) => [
            fmtInt(c.rules),
            c.shape,
            fmtInt(c.evaluationsPerSecond),
            fmtInt(c.evaluationsPerSecond * c.rules),
            c.compileMs,
          ]),
        ),
        "",
        "error" in reload
          ? `Hot reload not measured: ${reload.error}`
          : `Hot reload (rule updated through the tRPC API -> first record of the probe device on the new route topic, probe records every 10 ms, so up to about 10 ms of the figure is the probe's spacing): ${fmtLatency(reload.summary)}; ${reload.timeouts} of ${changes} changes not seen within 10 s. Goal "every worker reloads in < 1 s": ${reload.timeouts === 0 && reload.summary.p99 < 1000 ? "**met**" : "**not met**"}.`,
      ],
    };
  },
};
