import { ConfigError, KAFKA_TOPICS, loadPlatformConfig } from "@fleetwire/config";
import { z } from "zod";

const count = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const name = z.string().regex(/^[A-Za-z0-9._-]{1,200}$/, "letters, digits, '.', '_' or '-'");

/** The rules worker's settings, on top of the platform's. */
const ZRulesWorkerEnv = z.object({
  /**
   * Names this process's transactional producer (`fleetwire-rules-<instance>`). Keep it stable
   * across restarts (a restart then aborts the previous run's open transaction at once) and
   * unique per running process (two processes with one id fence each other off).
   */
  FLEETWIRE_WORKER_INSTANCE: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,32}$/, "1-32 letters, digits, '-' or '_'")
    .default("0"),
  FLEETWIRE_RULES_TOPIC: name.default(KAFKA_TOPICS.telemetryRaw.name),
  FLEETWIRE_RULES_GROUP: name.default("fleetwire-rules"),
  /** Safety net behind rules.updates: how often to check PostgreSQL for a change nobody announced. */
  FLEETWIRE_RULES_POLL_MS: count(500, 600_000).default(5_000),
  /** Values per device+metric in the outlier baseline. */
  FLEETWIRE_OUTLIER_WINDOW: count(3, 10_000).default(100),
  /** Values a device+metric needs before anything is flagged. */
  FLEETWIRE_OUTLIER_MIN_SAMPLES: count(1, 10_000).default(20),
  /** Robust z-score above which a value is an outlier. */
  FLEETWIRE_OUTLIER_THRESHOLD: z.coerce.number().positive().max(1000).default(6),
  /** Device+metric series kept in memory per process (least recently seen forgotten first). */
  FLEETWIRE_OUTLIER_MAX_SERIES: count(100, 10_000_000).default(200_000),
});

export function loadRulesWorkerEnv(env: NodeJS.ProcessEnv = process.env) {
  const config = loadPlatformConfig(env);
  const parsed = ZRulesWorkerEnv.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(String(issue?.path[0] ?? "environment"), issue?.message ?? "invalid");
  }
  const e = parsed.data;
  return {
    ...config,
    rules: {
      instance: e.FLEETWIRE_WORKER_INSTANCE,
      topic: e.FLEETWIRE_RULES_TOPIC,
      groupId: e.FLEETWIRE_RULES_GROUP,
      pollMs: e.FLEETWIRE_RULES_POLL_MS,
      outliers: {
        window: e.FLEETWIRE_OUTLIER_WINDOW,
        minSamples: e.FLEETWIRE_OUTLIER_MIN_SAMPLES,
        threshold: e.FLEETWIRE_OUTLIER_THRESHOLD,
        maxKeys: e.FLEETWIRE_OUTLIER_MAX_SERIES,
      },
    },
  };
}

export type RulesWorkerEnv = ReturnType<typeof loadRulesWorkerEnv>;
