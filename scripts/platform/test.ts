import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { ConfigError, loadPlatformConfig, REPO_ROOT } from "@fleetwire/config";
import pg from "pg";
import { type RunningPlatform, StartupError, startPlatform } from "./platform.ts";

/**
 * `pnpm test`: lint and type check, unit tests, then the real platform in the `test` profile (own
 * ports, database, state), integration tests and browser tests against it, then a one-line summary.
 */
process.env.FLEETWIRE_PROFILE = "test";
const log = (line: string) => process.stdout.write(`\x1b[1;35m[fleetwire test]\x1b[0m ${line}\n`);
const BIN = path.join(REPO_ROOT, "node_modules/.bin");

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

/** The test runner in progress, so that an interrupt can end it too. */
let runningChild: ChildProcess | undefined;

/**
 * Runs a test runner to completion without blocking this process: the platform's services are
 * its children, and its event loop has to stay free while they run (see startProcess).
 */
function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: REPO_ROOT, stdio: "inherit", env: { ...process.env, ...env } });
    runningChild = child;
    child.on("exit", (code) => resolve(code ?? 1));
    child.on("error", () => resolve(127));
  });
}

/**
 * A check that is not a test runner (lint, type check) counts as one summary entry. A failure
 * does not stop the suite, so type errors are reported together with the test results.
 */
async function check(name: string, command: string, args: string[]): Promise<Counts> {
  const code = await run(command, args);
  if (code !== 0) log(`${name} failed (exit ${code})`);
  return { passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1, skipped: 0 };
}

async function vitest(project: string, reportDir: string): Promise<Counts & { code: number }> {
  const report = path.join(reportDir, `vitest-${project}.json`);
  const code = await run(path.join(BIN, "vitest"), [
    "run",
    "--project",
    project,
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${report}`,
  ]);
  try {
    const r = JSON.parse(readFileSync(report, "utf8"));
    return {
      code,
      passed: r.numPassedTests,
      failed: r.numFailedTests + (code !== 0 && r.numFailedTests === 0 ? 1 : 0),
      skipped: r.numPendingTests + r.numTodoTests,
    };
  } catch {
    return { code, passed: 0, failed: code === 0 ? 0 : 1, skipped: 0 };
  }
}

async function playwright(reportDir: string): Promise<Counts & { code: number }> {
  const report = path.join(reportDir, "playwright.json");
  const code = await run(path.join(BIN, "playwright"), ["test", "--reporter=list,json"], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: report,
  });
  try {
    const { stats } = JSON.parse(readFileSync(report, "utf8"));
    return {
      code,
      passed: stats.expected + stats.flaky,
      failed: stats.unexpected + (code !== 0 && stats.unexpected === 0 ? 1 : 0),
      skipped: stats.skipped,
    };
  } catch {
    return { code, passed: 0, failed: code === 0 ? 0 : 1, skipped: 0 };
  }
}

async function resetTestDatabase(databaseUrl: string) {
  const url = new URL(databaseUrl);
  const name = url.pathname.slice(1);
  url.pathname = "/postgres";
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query(`drop database if exists "${name.replaceAll('"', '""')}" with (force)`);
  } finally {
    await client.end();
  }
}

async function main() {
  const config = loadPlatformConfig();
  const reportDir = path.join(config.stateDir, "reports");
  mkdirSync(reportDir, { recursive: true });
  const totals: Counts = { passed: 0, failed: 0, skipped: 0 };
  const add = (c: Counts) => {
    totals.passed += c.passed;
    totals.failed += c.failed;
    totals.skipped += c.skipped;
  };

  log("lint (biome check .)");
  add(await check("lint", path.join(BIN, "biome"), ["check", "."]));
  log("type check (pnpm typecheck)");
  add(await check("type check", path.join(BIN, "tsx"), [path.join(REPO_ROOT, "scripts/typecheck.ts")]));

  log("unit tests");
  add(await vitest("unit", reportDir));

  log(`starting the test platform (logs in ${config.stateDir}/logs)`);
  await resetTestDatabase(config.databaseUrl);
  // Ctrl-C or a CI timeout's SIGTERM: the platform's services run in process groups of their own
  // and would outlive this runner, so they are stopped first.
  const interruption = new AbortController();
  let running: RunningPlatform | undefined;
  const interrupt = () => {
    interruption.abort();
    // A SIGTERM reaches only this process; the test runner it started must not outlive it.
    runningChild?.kill("SIGTERM");
    if (!running) return; // still starting: startPlatform stops what it started and fails
    log("interrupted: stopping the test platform");
    void running.stop().finally(() => process.exit(130));
  };
  process.on("SIGINT", interrupt);
  process.on("SIGTERM", interrupt);
  const platform = await startPlatform(config, { echo: false, log, signal: interruption.signal });
  running = platform;
  try {
    log("integration tests against the running platform");
    add(await vitest("integration", reportDir));
    log("browser tests (Playwright, Debian Chromium)");
    add(await playwright(reportDir));
  } finally {
    log("stopping the test platform");
    await platform.stop();
  }

  process.stdout.write(`\nSummary: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`);
  process.exit(totals.failed > 0 ? 1 : 0);
}

main().catch((error: unknown) => {
  const known = error instanceof ConfigError || error instanceof StartupError;
  process.stderr.write(
    `fleetwire test: ${known ? "" : "could not run: "}${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.stdout.write("\nSummary: 0 passed, 1 failed\n");
  process.exit(1);
});
