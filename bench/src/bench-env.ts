import path from "node:path";
import { REPO_ROOT } from "@fleetwire/config";

/**
 * The bench's one reader (and writer) of process.env. The bench runs its own platform beside a
 * developer's (`pnpm start`, offset 0) and the test suite's (`pnpm test`, offset 10000): every
 * port shifted by 20000, its own state folder, database and Redis db. startPlatform passes
 * process.env on to the services it starts, so what is set here reaches them.
 */
export const BENCH_ENVIRONMENT = {
  FLEETWIRE_PROFILE: "test",
  FLEETWIRE_PORT_OFFSET: "17000",
  FLEETWIRE_STATE_DIR: path.join(REPO_ROOT, ".state", "bench"),
  FLEETWIRE_DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/fleetwire_bench",
  FLEETWIRE_REDIS_URL: "redis://127.0.0.1:6379/4",
  // The per-device token bucket still runs (one Redis call per message, as in production); it is
  // opened wide so that a few hundred simulated devices can carry the whole load.
  FLEETWIRE_INGEST_RATE_PER_SECOND: "1000000",
  FLEETWIRE_INGEST_BURST: "1000000",
  // Services log warnings only: per-request info lines would be measured as well otherwise.
  LOG_LEVEL: "warn",
  // Lets the bench attach the CPU profiler to a running service (SIGUSR1) on a free port.
  NODE_OPTIONS: "--inspect-port=0",
} as const;

export type BenchEnvironment = Record<keyof typeof BENCH_ENVIRONMENT, string>;

/** Applies the bench environment; an explicitly set FLEETWIRE_BENCH_KEEP_ENV=1 keeps the caller's values. */
export function applyBenchEnvironment(): BenchEnvironment {
  const keep = process.env.FLEETWIRE_BENCH_KEEP_ENV === "1";
  const applied = {} as BenchEnvironment;
  for (const [key, value] of Object.entries(BENCH_ENVIRONMENT) as [keyof typeof BENCH_ENVIRONMENT, string][]) {
    if (!keep || process.env[key] === undefined) process.env[key] = value;
    applied[key] = process.env[key] as string;
  }
  return applied;
}

export interface BenchOptions {
  quick: boolean;
  /** Suites to run (all when empty). */
  only: string[];
  skip: string[];
  /** Append to RESULTS.md and write the JSON file (off with --dry-run while developing a suite). */
  write: boolean;
  /** Use a bench platform that is already running (`--serve` in another terminal) instead of starting one. */
  attach: boolean;
  /** Only bring the bench platform up and keep it running until Ctrl-C (for developing a suite). */
  serve: boolean;
  /**
   * The end-to-end suite measures latency at this offered rate only (no saturation, no search), so
   * that two commits can be compared at the same load; the 80 % figure moves with the sustained rate.
   */
  rate?: number;
}

export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  const list = (name: string) =>
    argv
      .filter((a) => a.startsWith(`--${name}=`))
      .flatMap((a) => a.slice(name.length + 3).split(","))
      .filter(Boolean);
  const known = /^--(quick|dry-run|attach|serve|only=.*|skip=.*|rate=.*)$/;
  const unknown = argv.filter((a) => !known.test(a));
  if (unknown.length > 0) {
    throw new Error(
      `unknown argument ${unknown[0]}; usage: pnpm bench [--quick] [--only=a,b] [--skip=a,b] [--rate=msg/s] [--dry-run] [--serve | --attach]`,
    );
  }
  const rateArg = argv.find((a) => a.startsWith("--rate="));
  const rate = rateArg === undefined ? undefined : Number(rateArg.slice("--rate=".length));
  if (rate !== undefined && !(Number.isInteger(rate) && rate >= 100 && rate <= 100_000)) {
    throw new Error(`--rate must be a whole number of messages per second from 100 to 100000, not "${rateArg}"`);
  }
  return {
    rate,
    quick: argv.includes("--quick"),
    only: list("only"),
    skip: list("skip"),
    write: !argv.includes("--dry-run"),
    attach: argv.includes("--attach"),
    serve: argv.includes("--serve"),
  };
}

/** Sets a variable for the services the bench starts from now on (e.g. a restarted bridge). */
export function setServiceEnvironment(key: string, value: string): void {
  process.env[key] = value;
}
