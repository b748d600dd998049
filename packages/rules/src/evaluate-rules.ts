import type { CelBindings } from "./cel/cel-environment.ts";
import { evaluateCondition } from "./cel/compile-expression.ts";
import type { CompiledMatchers, RouteTarget } from "./compile-rule-document.ts";
import type { CompiledRule, RuleSet } from "./compile-rule-set.ts";
import { enrichPayload } from "./enrich-payload.ts";
import { renderTemplate } from "./message-template.ts";
import { routeTopicFor } from "./route-topics.ts";
import type { AlertSeverity } from "./rule-document.schema.ts";
import { NO_OUTLIERS, type TRuleMessage } from "./rule-message.schema.ts";

export interface RouteDecision {
  target: RouteTarget;
  /** Kafka topic: route.timeseries, ..., or the operator topic itself. */
  topic: string;
  ruleId: string;
}

export interface AlertDecision {
  ruleId: string;
  ruleName: string;
  ruleVersion: number;
  actionIndex: number;
  name: string;
  severity: AlertSeverity;
  message: string;
  deviceId: string;
  messageId: string | undefined;
  /** Same rule, same alert name, same device: one active alert (alerts.dedup_key). */
  dedupKey: string;
}

/** A runtime failure inside one rule; the rule's other actions and the other rules go on. */
export interface RuleRuntimeError {
  /** JSON Pointer into the rule document: /if/when, /then/2/alert_if, /then/3/enrich. */
  path: string;
  message: string;
}

export type ActionOutcome =
  | { index: number; kind: "route"; target: RouteTarget; topic: string }
  | { index: number; kind: "alert"; fired: boolean }
  | { index: number; kind: "drop"; reason: string }
  | { index: number; kind: "enrich"; fields: string[] };

export interface RuleOutcome {
  ruleId: string;
  ruleName: string;
  version: number;
  matched: boolean;
  /** Actions applied, in document order (up to a drop). */
  actions: ActionOutcome[];
  errors: RuleRuntimeError[];
}

export interface EvaluationResult {
  /** Distinct topics in the order first decided. */
  routes: RouteDecision[];
  alerts: AlertDecision[];
  dropped: { ruleId: string; reason: string } | null;
  /** The payload after enrichment (the input object itself when nothing enriched it). */
  payload: Record<string, unknown>;
  enriched: boolean;
  /** Rules that matched or failed, in evaluation order; per-rule metrics come from here. */
  rules: RuleOutcome[];
  /** How many rules applied to the message's fleet. */
  evaluated: number;
}

function runtimeMessage(err: unknown): string {
  const e = err as { summary?: string; message?: string };
  return e?.summary ?? e?.message ?? String(err);
}

function matchesAttributes(m: CompiledMatchers, message: TRuleMessage): boolean {
  if (m.fleets && !m.fleets.has(message.fleetId)) return false;
  if (m.deviceIds && !m.deviceIds.has(message.deviceId)) return false;
  if (m.topics && !m.topics.has(message.topic ?? "telemetry")) return false;
  if (m.models && !m.models.has(message.model ?? "")) return false;
  return true;
}

export function messageBindings(message: TRuleMessage): CelBindings {
  return {
    payload: message.payload,
    device: {
      id: message.deviceId,
      fleet: message.fleetId,
      model: message.model ?? "",
      attributes: message.attributes ?? {},
    },
    meta: {
      topic: message.topic ?? "telemetry",
      protocol: message.protocol ?? "",
      received_at: message.receivedAt ?? "",
      message_id: message.messageId ?? "",
    },
    outlier: message.outlier ?? NO_OUTLIERS,
  };
}

/**
 * Runs a message through the rule set: rules of the message's fleet in order; per rule the
 * attribute matchers, then `when`, then the actions in document order. Enrichment is seen by
 * later actions and rules; `drop` ends evaluation (routes decided before it stand). Never throws
 * for a rule's sake: runtime failures are reported per rule.
 */
export function evaluate(ruleSet: RuleSet, message: TRuleMessage): EvaluationResult {
  return evaluateRules(ruleSet.forFleet(message.fleetId), message);
}

export function evaluateRules(rules: readonly CompiledRule[], message: TRuleMessage): EvaluationResult {
  let bindings = messageBindings(message);
  const result: EvaluationResult = {
    routes: [],
    alerts: [],
    dropped: null,
    payload: message.payload,
    enriched: false,
    rules: [],
    evaluated: rules.length,
  };
  const routed = new Set<string>();

  for (const rule of rules) {
    const doc = rule.document;
    if (!matchesAttributes(doc.matchers, message)) continue;
    const outcome: RuleOutcome = {
      ruleId: rule.id,
      ruleName: rule.name,
      version: rule.version,
      matched: false,
      actions: [],
      errors: [],
    };
    if (doc.when) {
      try {
        outcome.matched = evaluateCondition(doc.when, bindings);
      } catch (err) {
        outcome.errors.push({ path: "/if/when", message: runtimeMessage(err) });
      }
    } else {
      outcome.matched = true;
    }
    if (outcome.matched) {
      for (const action of doc.actions) {
        if (action.kind === "route") {
          const topic = routeTopicFor(action.target);
          outcome.actions.push({ index: action.index, kind: "route", target: action.target, topic });
          if (!routed.has(topic)) {
            routed.add(topic);
            result.routes.push({ target: action.target, topic, ruleId: rule.id });
          }
        } else if (action.kind === "alert") {
          let fired = false;
          try {
            fired = evaluateCondition(action.condition, bindings);
          } catch (err) {
            outcome.errors.push({ path: `/then/${action.index}/alert_if`, message: runtimeMessage(err) });
            continue;
          }
          outcome.actions.push({ index: action.index, kind: "alert", fired });
          if (fired) {
            const scope = {
              device_id: message.deviceId,
              fleet_id: message.fleetId,
              model: message.model ?? "",
              topic: bindings.meta.topic,
              message_id: message.messageId ?? "",
              rule_id: rule.id,
              rule_name: rule.name,
              severity: action.severity,
              ...bindings,
            };
            result.alerts.push({
              ruleId: rule.id,
              ruleName: rule.name,
              ruleVersion: rule.version,
              actionIndex: action.index,
              name: action.name,
              severity: action.severity,
              message: renderTemplate(action.template, scope),
              deviceId: message.deviceId,
              messageId: message.messageId,
              dedupKey: `${rule.id}:${action.name}:${message.deviceId}`,
            });
          }
        } else if (action.kind === "enrich") {
          if (!result.enriched) {
            result.payload = structuredClone(result.payload);
            result.enriched = true;
          }
          const { fields, errors } = enrichPayload(action, result.payload);
          for (const message of errors) outcome.errors.push({ path: `/then/${action.index}/enrich`, message });
          outcome.actions.push({ index: action.index, kind: "enrich", fields });
          bindings = { ...bindings, payload: result.payload };
        } else {
          outcome.actions.push({ index: action.index, kind: "drop", reason: action.reason });
          result.dropped = { ruleId: rule.id, reason: action.reason };
          break;
        }
      }
    }
    if (outcome.matched || outcome.errors.length > 0) result.rules.push(outcome);
    if (result.dropped) break;
  }
  return result;
}
