/**
 * `pnpm bench [--quick] [--only=a,b] [--skip=a,b] [--dry-run]`: brings the platform up in its own
 * bench profile, runs the suites in order (baselines first, the connection flood last), stops the
 * platform and appends the run to bench/RESULTS.md plus a JSON file in bench/results/.
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import os from "node:os";
import { loadPlatformConfig } from "@fleetwire/config";
import { StartupError, startPlatform } from "../../scripts/platform/platform.ts";
import { applyBenchEnvironment, parseBenchArgs } from "./bench-env.ts";
import { type BenchDevices, seedBenchDevices } from "./fixtures/bench-devices.ts";
import { waitForPipelineIdle } from "./load/pipeline-idle.ts";
import { collectMachineInfo, cpuPressure, gitCommit } from "./machine-info.ts";
import { startWorkerProcessesIfMissing } from "./platform-extras.ts";
import { SUITES } from "./suites/index.ts";
import type { BenchContext } from "./suites/suite.ts";
import { summarizeGoals } from "./summary.ts";
import { type BenchRun, writeResults } from "./write-results.ts";

const t0 = Date.now();
const log = (line: string) =>
  process.stdout.write(`\x1b[1;35m[bench]\x1b[0m ${((Date.now() - t0) / 1000).toFixed(0).padStart(4)}s ${line}\n`);

async function main() {
  const options = parseBenchArgs(process.argv.slice(2));
  const settings = applyBenchEnvironment();
  const config = loadPlatformConfig();
  const suites = SUITES.filter(
    (s) =>
      (options.only.length === 0 ? !(options.quick && s.fullOnly) : options.only.includes(s.name)) &&
      !options.skip.includes(s.name),
  );
  if (suites.length === 0) throw new Error(`no suite selected; suites: ${SUITES.map((s) => s.name).join(", ")}`);
  const { commit, dirty } = gitCommit();
  const run: BenchRun = {
    startedAt: new Date().toISOString(),
    finishedAt: "",
    mode: options.quick ? "quick" : "full",
    commit,
    dirty,
    machine: collectMachineInfo(),
    loadAverageAtEnd: 0,
    cpuPressureAtEnd: null,
    settings: { ...settings, fdLimit: fdLimit() },
    notes: [],
    suites: {},
  };
  log(`${run.mode} run at ${commit}; state in ${config.stateDir}; suites: ${suites.map((s) => s.name).join(", ")}`);

  const platform = options.attach
    ? { stop: async () => {}, unexpectedExit: new Promise<string>(() => {}) }
    : await startPlatform(config, { echo: false, log: (line) => log(`platform: ${line}`), console: false }).catch(
        (error: unknown) => {
          // Busy ports, an unreachable database: the settings named are the bench's own, not the caller's.
          if (error instanceof StartupError) {
            throw new StartupError(
              `${error.message} (the bench sets its own FLEETWIRE_* settings, bench/src/bench-env.ts; ` +
                "FLEETWIRE_BENCH_KEEP_ENV=1 keeps yours)",
            );
          }
          throw error;
        },
      );
  if (options.serve) {
    log("bench platform up; Ctrl-C stops it. Run suites against it with --attach.");
    // on, not once: a second Ctrl-C (or `pkill -INT -f`, which signals tsx and its child alike)
    // must not kill this process mid-stop and leave the services running in their own groups.
    await new Promise<void>((resolve) => process.on("SIGINT", () => resolve()));
    await platform.stop();
    return;
  }
  const extras: { stop(): Promise<void> }[] = [];
  const expectedExits = new Set<string>();
  let stopping = false;
  const stopAll = async () => {
    if (stopping) return;
    stopping = true;
    for (const extra of extras.reverse()) await extra.stop().catch(() => {});
    await platform.stop();
  };
  process.on("SIGINT", () => void stopAll().then(() => process.exit(130)));
  void platform.unexpectedExit.then((name) => {
    if (!stopping && !expectedExits.has(name))
      run.notes.push(`The platform's ${name} process exited during the run (see ${config.stateDir}/logs/${name}.log).`);
  });

  const seeded: BenchDevices[] = [];
  const ctx: BenchContext = {
    config,
    quick: options.quick,
    fixedRate: options.rate,
    runId: randomBytes(3).toString("hex"),
    log,
    results: {},
    notes: run.notes,
    adopt: (proc) => extras.push(proc),
    expectedExits,
    async devices(count) {
      const have = seeded.reduce((n, s) => n + s.devices.length, 0);
      if (count > have) {
        log(`  seeding ${count - have} devices (registry rows, certificates, broker access)`);
        seeded.push(await seedBenchDevices(config, count - have, `${ctx.runId}${seeded.length}`));
      }
      const devices = seeded.flatMap((s) => s.devices);
      const caPem = seeded[0]?.caPem ?? "";
      return {
        devices,
        caPem,
        loadClients: (n = devices.length) => seeded.flatMap((s) => s.loadClients()).slice(0, n),
      };
    },
  };

  try {
    extras.push(...(await startWorkerProcessesIfMissing(config, log)));
    for (const suite of suites) {
      log(`${suite.name}: ${suite.title}`);
      // A previous suite's backlog (broker queue, Kafka lag) must not be measured by the next one.
      const idle = await waitForPipelineIdle(config).catch(() => ({ idle: false, waitedSeconds: 0 }));
      if (idle.waitedSeconds > 2) log(`  waited ${idle.waitedSeconds} s for the pipeline to drain`);
      const begin = Date.now();
      try {
        const outcome = await suite.run(ctx);
        ctx.results[suite.name] = outcome;
        for (const line of outcome.markdown) if (/^(\||Goal|Hot reload)/.test(line)) log(`  ${line}`);
        run.suites[suite.name] = { ...outcome, title: suite.title, seconds: Math.round((Date.now() - begin) / 1000) };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        log(`${suite.name} failed: ${message}`);
        run.suites[suite.name] = {
          data: {},
          markdown: [],
          title: suite.title,
          seconds: Math.round((Date.now() - begin) / 1000),
          error: message.split("\n")[0] ?? message,
        };
      }
      log(`${suite.name} done in ${Math.round((Date.now() - begin) / 1000)} s`);
    }
  } finally {
    log("stopping the bench platform");
    await stopAll();
  }
  run.finishedAt = new Date().toISOString();
  run.loadAverageAtEnd = Math.round((os.loadavg()[0] ?? 0) * 100) / 100;
  run.cpuPressureAtEnd = cpuPressure();
  const summary = summarizeGoals(run);
  for (const line of summary) log(line);
  if (options.write) {
    const written = writeResults(run, summary);
    log(`results appended to ${written.markdown}; JSON in ${written.json}`);
  } else log("--dry-run: results not written");
}

function fdLimit(): string {
  try {
    const limits = readFileSync("/proc/self/limits", "utf8");
    return /Max open files\s+(\d+)/.exec(limits)?.[1] ?? "unknown";
  } catch {
    return "unknown";
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    const text =
      error instanceof StartupError
        ? error.message
        : error instanceof Error
          ? (error.stack ?? error.message)
          : String(error);
    process.stderr.write(`bench: ${text}\n`);
    process.exit(1);
  },
);
