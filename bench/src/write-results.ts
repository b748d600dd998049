import { spawnSync } from "node:child_process";
import { appendFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "@fleetwire/config";
import type { MachineInfo } from "./machine-info.ts";
import type { SuiteOutcome } from "./suites/suite.ts";

export const RESULTS_MD = path.join(REPO_ROOT, "bench", "RESULTS.md");
export const RESULTS_DIR = path.join(REPO_ROOT, "bench", "results");

export interface BenchRun {
  startedAt: string;
  finishedAt: string;
  mode: "quick" | "full";
  commit: string;
  dirty: boolean;
  machine: MachineInfo;
  loadAverageAtEnd: number;
  cpuPressureAtEnd: number | null;
  settings: Record<string, string>;
  notes: string[];
  suites: Record<string, SuiteOutcome & { title: string; seconds: number; error?: string }>;
}

const HEADER = `# Fleetwire benchmark results

Appended by \`pnpm bench\` (quick: \`pnpm bench --quick\`). Each section is one run on the machine it
names; the JSON beside it (bench/results/) has every figure. Figures are only comparable within a
run: the baselines (Mosquitto pass-through, Kafka's own producer tool) are measured in the same run
so that Fleetwire's figures can be read as ratios of them. Load generator, broker, Kafka, PostgreSQL
and the platform all share the same machine (loopback only).
`;

export function writeResults(run: BenchRun, summary: string[]): { markdown: string; json: string } {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const date = run.startedAt.slice(0, 19).replace(/[T:]/g, "-");
  const json = path.join(RESULTS_DIR, `${date}-${run.commit}${run.mode === "quick" ? "-quick" : ""}.json`);
  writeFileSync(json, `${JSON.stringify(run, (_k, v) => (v instanceof Float64Array ? undefined : v), 2)}\n`);
  if (!existsSync(RESULTS_MD)) writeFileSync(RESULTS_MD, HEADER);
  appendFileSync(RESULTS_MD, renderRun(run, summary, path.relative(path.dirname(RESULTS_MD), json)));
  // The repository's formatter owns the layout of Markdown and JSON (`pnpm lint` checks both).
  spawnSync(path.join(REPO_ROOT, "node_modules/.bin/biome"), ["format", "--write", RESULTS_MD, json], {
    stdio: "ignore",
  });
  return { markdown: RESULTS_MD, json };
}

function renderRun(run: BenchRun, summary: string[], jsonPath: string): string {
  const m = run.machine;
  const lines = [
    "",
    `## ${run.startedAt.slice(0, 16).replace("T", " ")} UTC, ${run.mode} run, commit ${run.commit}${run.dirty ? " (with uncommitted changes in the checkout)" : ""}`,
    "",
    `- Machine: ${m.nproc} cores (${m.cpuModel}), ${m.memoryGiB} GiB, ${m.kernel}; load average ${m.loadAverageAtStart} at the start, ${run.loadAverageAtEnd} at the end; CPU pressure (PSI some, 60 s) ${m.cpuPressureAtStart ?? "n/a"} % at the start, ${run.cpuPressureAtEnd ?? "n/a"} % at the end.`,
    `- Versions: Node ${m.node}, Kafka ${m.kafka} (KRaft, one broker), Mosquitto ${m.mosquitto}, PostgreSQL ${m.postgres}.`,
    `- Settings: ${Object.entries(run.settings)
      .map(([k, v]) => `${k}=${v}`)
      .join(", ")}.`,
    `- Duration ${Math.round((Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000)} s; all figures in [${jsonPath}](${jsonPath}).`,
    ...run.notes.map((n) => `- ${n}`),
    "",
    ...(summary.length > 0 ? ["### Summary", "", ...summary, ""] : []),
  ];
  for (const [, suite] of Object.entries(run.suites)) {
    lines.push(`### ${suite.title}`, "");
    if (suite.error) lines.push(`Not measured: ${suite.error}`, "");
    else lines.push(...suite.markdown, "");
  }
  return `${lines.join("\n")}\n`;
}
