import { Counter, Gauge, Histogram, register } from "prom-client";

let metrics: ReturnType<typeof create> | undefined;

function create() {
  return {
    messages: new Counter({
      name: "fleetwire_rules_messages_total",
      help: "telemetry.raw records processed by outcome: routed, unrouted (no route), dropped, quarantined, invalid",
      labelNames: ["outcome"] as const,
    }),
    outputs: new Counter({
      name: "fleetwire_rules_output_records_total",
      help: "Records written by topic (route copies, alert records, dead letters)",
      labelNames: ["topic"] as const,
    }),
    outliers: new Counter({
      name: "fleetwire_rules_outliers_total",
      help: "Messages with a metric outside its baseline",
    }),
    ruleMatches: new Counter({
      name: "fleetwire_rules_rule_matches_total",
      help: "Messages a rule matched",
      labelNames: ["rule_id"] as const,
    }),
    ruleErrors: new Counter({
      name: "fleetwire_rules_rule_errors_total",
      help: "Runtime errors in a rule's expressions or actions",
      labelNames: ["rule_id"] as const,
    }),
    ruleLastMatch: new Gauge({
      name: "fleetwire_rules_rule_last_match_timestamp_seconds",
      help: "When a rule last matched (Unix seconds)",
      labelNames: ["rule_id"] as const,
    }),
    rulesLoaded: new Gauge({ name: "fleetwire_rules_loaded", help: "Enabled, valid rules in the running rule set" }),
    rulesInvalid: new Gauge({
      name: "fleetwire_rules_invalid",
      help: "Enabled rules left out because they no longer validate",
    }),
    reloads: new Counter({
      name: "fleetwire_rules_reloads_total",
      help: "Rule set reloads by trigger",
      labelNames: ["trigger"] as const,
    }),
    batchSeconds: new Histogram({
      name: "fleetwire_rules_batch_seconds",
      help: "Time from fetch to committed transaction per batch",
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    }),
    transactionSeconds: new Histogram({
      name: "fleetwire_rules_transaction_seconds",
      help: "One Kafka transaction (outputs and input offsets of every chunk it carries), retries included",
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    }),
  };
}

/** Registered once per process in prom-client's default registry (served on /metrics). */
export function rulesWorkerMetrics() {
  metrics ??= create();
  return metrics;
}

export type RulesWorkerMetrics = ReturnType<typeof rulesWorkerMetrics>;
export { register };
