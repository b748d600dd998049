import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { KAFKA_TOPICS, WORKER_PROCESSES } from "@fleetwire/config";
import { serviceLogFile } from "@fleetwire/infra";
import { ensureTimeseriesRule } from "../fixtures/timeseries-rule.ts";
import { observeTopic } from "../load/kafka-observer.ts";
import {
  cpuSinceNow,
  findServiceProcess,
  kafkaBrokerPids,
  mosquittoPid,
  pidsMatching,
} from "../profile/find-service-process.ts";
import { attachProfiler } from "../profile/inspector-profiler.ts";
import { summarizeProfile } from "../profile/summarize-profile.ts";
import { fmtInt, table } from "../stats/format.ts";
import { ingestPhase } from "./mqtt-ingest.ts";
import { type BenchContext, pick, type Suite } from "./suite.ts";

const SERVICES = [
  { name: "ingest-bridge", entry: "apps/ingest-bridge/src/main.ts" },
  ...Object.entries(WORKER_PROCESSES).map(([name, { entry }]) => ({ name, entry })),
];

/** Cores used by each part of the system between two calls. */
function cpuAccounting(pids: Record<string, number[]>) {
  const used = Object.entries(pids).map(([name, list]) => [name, cpuSinceNow(list)] as const);
  const self0 = process.cpuUsage();
  const started = performance.now();
  return () => {
    const seconds = (performance.now() - started) / 1000;
    const self = process.cpuUsage(self0);
    const cores = (cpu: number) => Math.round((cpu / seconds) * 100) / 100;
    return {
      ...Object.fromEntries(used.map(([name, cpu]) => [name, cores(cpu())])),
      "load generator + bench observers (this process)": cores((self.user + self.system) / 1e6),
    };
  };
}

/**
 * Where the CPU goes while devices publish as fast as they can through the whole pipeline (one
 * rule routing to the time-series writer): V8 CPU profiles of the ingest bridge, the rules
 * worker and the writers, attached to the running processes, and cores used per process.
 */
export const profile: Suite = {
  name: "profile",
  title: "Profile of the hot path under load",
  async run(ctx) {
    const deviceCount = pick(ctx, 100, 200);
    const fixtures = await ctx.devices(deviceCount);
    await ensureTimeseriesRule(ctx, fixtures.devices[0]?.fleetId as string);
    const found = SERVICES.map((s) => ({ ...s, pid: findServiceProcess(s.entry, ctx.config.stateDir) }));
    const profilers = [];
    for (const s of found) {
      if (!s.pid) continue;
      profilers.push({ ...s, profiler: await attachProfiler(s.pid, serviceLogFile(ctx.config, s.name)) });
    }
    const pids: Record<string, number[]> = {
      mosquitto: [mosquittoPid(ctx.config)],
      "kafka (JVM)": kafkaBrokerPids(ctx.config.stateDir),
      ...Object.fromEntries(found.map((s) => [s.name, s.pid ? [s.pid] : []])),
      "postgresql (all backends, shared with other users of the server)": pidsMatching((c) => c.startsWith("postgres")),
      "redis (shared)": pidsMatching((c) => c.startsWith("redis-server")),
    };
    const observer = await observeTopic(ctx.config, KAFKA_TOPICS.telemetryRaw.name);
    const durationMs = pick(ctx, 6_000, 15_000);
    let cores: Record<string, number> = {};
    let phase: Awaited<ReturnType<typeof ingestPhase>>;
    try {
      for (const p of profilers) await p.profiler.start();
      const stopCpu = cpuAccounting(pids);
      phase = await ingestPhase(ctx, observer, fixtures.loadClients(deviceCount), {
        label: "profile",
        mode: "closed",
        rate: 0,
        window: 4,
        durationMs,
      });
      cores = stopCpu();
    } finally {
      await observer.stop();
    }
    const dir = path.join(ctx.config.stateDir, "profiles");
    mkdirSync(dir, { recursive: true });
    const summaries: Record<string, ReturnType<typeof summarizeProfile> & { file: string }> = {};
    for (const p of profilers) {
      const cpuProfile = await p.profiler.stop();
      const file = path.join(dir, `${p.name}-${ctx.runId}.cpuprofile`);
      writeFileSync(file, JSON.stringify(cpuProfile));
      summaries[p.name] = { ...summarizeProfile(cpuProfile), file };
    }
    const markdown = [
      `Closed-loop MQTT load (${deviceCount} devices) for ${durationMs / 1000} s with one rule routing to the time-series writer; ${fmtInt(phase.kafkaPerSecond)} msg/s reached telemetry.raw. V8 CPU profiles (0.5 ms sampling) taken from the running processes over the inspector (SIGUSR1); the .cpuprofile files are in ${path.relative(process.cwd(), dir)}/ (open in Chrome DevTools).`,
      "",
      "Cores used per process during the phase (1.00 = one core fully busy; the machine has 2):",
      "",
      ...table(
        ["process", "cores"],
        Object.entries(cores).map(([k, v]) => [k, v.toFixed(2)]),
      ),
    ];
    for (const [name, s] of Object.entries(summaries)) {
      markdown.push(
        "",
        `**${name}**: busy ${s.busyPercent} % of ${fmtInt(s.totalMs)} ms. Self time by component:`,
        "",
        ...table(
          ["component", "self ms", "% of busy"],
          s.components.slice(0, 10).map((c) => [c.component, fmtInt(c.selfMs), c.percent]),
        ),
        "",
        `Top functions by self time (${name}):`,
        "",
        ...table(
          ["function", "where", "self ms", "% of busy"],
          s.functions.map((f) => [`\`${f.function}\``, f.location, fmtInt(f.selfMs), f.percent]),
        ),
      );
    }
    return { data: { phase, cores, summaries }, markdown };
  },
};
