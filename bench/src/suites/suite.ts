import type { PlatformConfig } from "@fleetwire/config";
import type { BenchDevices } from "../fixtures/bench-devices.ts";

/** What every suite gets: the bench platform's config, the run's settings and shared fixtures. */
export interface BenchContext {
  config: PlatformConfig;
  quick: boolean;
  /** --rate: the end-to-end suite measures latency at this offered rate only (msg/s). */
  fixedRate?: number;
  runId: string;
  log: (line: string) => void;
  /** Registered devices with certificates and broker access, seeded once per run on first use. */
  devices(count: number): Promise<BenchDevices>;
  /** Results of the suites that ran before (baselines for ratios). */
  results: Record<string, SuiteOutcome>;
  /** Everything a measurement changed about the platform, for the record. */
  notes: string[];
  /** A process a suite started in place of one of the platform's; stopped with the platform. */
  adopt(process: { stop(): Promise<void> }): void;
  /** Platform processes a suite stops on purpose (not reported as unexpected exits). */
  expectedExits: Set<string>;
}

export interface SuiteOutcome {
  /** Machine-readable figures (the JSON file). */
  data: Record<string, unknown>;
  /** Markdown lines for RESULTS.md. */
  markdown: string[];
}

export interface Suite {
  name: string;
  title: string;
  /** Runs only in the full suite (skipped by --quick unless named with --only). */
  fullOnly?: boolean;
  run(ctx: BenchContext): Promise<SuiteOutcome>;
}

/** A bounded scale for quick (< 5 minutes in all) and full runs. */
export function pick<T>(ctx: Pick<BenchContext, "quick">, quick: T, full: T): T {
  return ctx.quick ? quick : full;
}
