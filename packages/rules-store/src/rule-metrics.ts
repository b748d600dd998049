import type { Redis } from "ioredis";

/**
 * Per-rule counters the rules workers keep in Redis (one hash per rule, summed over every worker)
 * so `rules.list` can show them without asking each worker. Prometheus has the same counters per
 * process. Fields: matches, errors (integers), lastMatchAt, lastErrorAt (ISO), lastError (text).
 */
export const ruleMetricsKey = (ruleId: string) => `fleetwire:rule-metrics:${ruleId}`;

export interface RuleMetrics {
  matches: number;
  errors: number;
  lastMatchAt: string | null;
  lastErrorAt: string | null;
  lastError: string | null;
}

export async function readRuleMetrics(redis: Redis, ruleIds: readonly string[]): Promise<Map<string, RuleMetrics>> {
  const out = new Map<string, RuleMetrics>();
  if (ruleIds.length === 0) return out;
  const pipeline = redis.pipeline();
  for (const id of ruleIds) pipeline.hgetall(ruleMetricsKey(id));
  const replies = (await pipeline.exec()) ?? [];
  ruleIds.forEach((id, i) => {
    const [error, hash] = replies[i] ?? [null, {}];
    const h = (error ? {} : (hash ?? {})) as Record<string, string>;
    out.set(id, {
      matches: Number(h.matches ?? 0),
      errors: Number(h.errors ?? 0),
      lastMatchAt: h.lastMatchAt ?? null,
      lastErrorAt: h.lastErrorAt ?? null,
      lastError: h.lastError ?? null,
    });
  });
  return out;
}

/** Counts between flushes; times stay Dates until the flush (one toISOString per rule, not per match). */
type PendingRuleMetrics = Omit<RuleMetrics, "lastMatchAt" | "lastErrorAt"> & {
  lastMatchAt: Date | null;
  lastErrorAt: Date | null;
};

/**
 * What a worker adds up between flushes; `flush` writes the increments in one pipeline. Counting
 * in memory keeps Redis out of the per-message path.
 */
export class RuleMetricsBuffer {
  private pending = new Map<string, PendingRuleMetrics>();

  record(ruleId: string, outcome: { matched: boolean; error?: string; at: Date }): void {
    let m = this.pending.get(ruleId);
    if (!m) {
      m = { matches: 0, errors: 0, lastMatchAt: null, lastErrorAt: null, lastError: null };
      this.pending.set(ruleId, m);
    }
    if (outcome.matched) {
      m.matches += 1;
      m.lastMatchAt = outcome.at;
    }
    if (outcome.error !== undefined) {
      m.errors += 1;
      m.lastErrorAt = outcome.at;
      m.lastError = outcome.error.slice(0, 500);
    }
  }

  get size(): number {
    return this.pending.size;
  }

  async flush(redis: Redis): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    const pipeline = redis.pipeline();
    for (const [ruleId, m] of batch) {
      const key = ruleMetricsKey(ruleId);
      if (m.matches) pipeline.hincrby(key, "matches", m.matches);
      if (m.errors) pipeline.hincrby(key, "errors", m.errors);
      const fields: Record<string, string> = {};
      if (m.lastMatchAt) fields.lastMatchAt = m.lastMatchAt.toISOString();
      if (m.lastErrorAt) fields.lastErrorAt = m.lastErrorAt.toISOString();
      if (m.lastError) fields.lastError = m.lastError;
      if (Object.keys(fields).length > 0) pipeline.hset(key, fields);
    }
    try {
      await pipeline.exec();
    } catch (error) {
      // Keep the counts for the next flush rather than lose them to a Redis hiccup.
      for (const [ruleId, m] of batch) {
        const now = this.pending.get(ruleId);
        if (!now) this.pending.set(ruleId, m);
        else {
          now.matches += m.matches;
          now.errors += m.errors;
          now.lastMatchAt ??= m.lastMatchAt;
          now.lastErrorAt ??= m.lastErrorAt;
          now.lastError ??= m.lastError;
        }
      }
      throw error;
    }
  }
}
