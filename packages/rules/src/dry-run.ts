import type { RouteTarget } from "./compile-rule-document.ts";
import type { CompiledRule } from "./compile-rule-set.ts";
import { type AlertDecision, evaluateRules, type RuleRuntimeError } from "./evaluate-rules.ts";
import { ZRuleMessage } from "./rule-message.schema.ts";
import type { RuleValidationError } from "./rule-validation-error.ts";
import { validateAndCompileRuleDocument } from "./validate-rule-document.ts";

export interface DraftRule {
  /** JSON text (editor content) or parsed JSON. */
  document: unknown;
  id?: string;
  name?: string;
  version?: number;
}

export interface DryRunMessageResult {
  index: number;
  messageId: string | undefined;
  deviceId: string | undefined;
  /** Why the sample itself was refused (not a message shape); the rule did not run. */
  invalidMessage?: string;
  matched: boolean;
  routes: { target: RouteTarget; topic: string }[];
  alerts: Pick<AlertDecision, "name" | "severity" | "message" | "dedupKey">[];
  dropped: string | null;
  /** The enriched payload, when the rule enriched it. */
  enrichedPayload?: Record<string, unknown>;
  errors: RuleRuntimeError[];
}

export type DryRunResult = { ok: false; errors: RuleValidationError[] } | { ok: true; results: DryRunMessageResult[] };

/**
 * What a draft rule would do to each sample message, without routing anything. The draft is
 * validated first (same errors as a save). Fleet scoping and `enabled` do not apply: the caller
 * chose the messages; the `if` matchers do.
 */
export function dryRun(draft: DraftRule, messages: readonly unknown[]): DryRunResult {
  const compiled = validateAndCompileRuleDocument(draft.document);
  if (!compiled.ok) return { ok: false, errors: compiled.errors };
  const rule: CompiledRule = {
    id: draft.id ?? "draft",
    fleetId: null,
    name: draft.name ?? "draft",
    priority: 0,
    version: draft.version ?? 0,
    document: compiled.compiled,
  };
  const results = messages.map((raw, index): DryRunMessageResult => {
    const parsed = ZRuleMessage.safeParse(raw);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      return {
        index,
        messageId: undefined,
        deviceId: undefined,
        invalidMessage: first ? `${first.path.join(".") || "message"}: ${first.message}` : "invalid message",
        matched: false,
        routes: [],
        alerts: [],
        dropped: null,
        errors: [],
      };
    }
    const message = parsed.data;
    const evaluation = evaluateRules([rule], message);
    const outcome = evaluation.rules[0];
    return {
      index,
      messageId: message.messageId,
      deviceId: message.deviceId,
      matched: outcome?.matched ?? false,
      routes: evaluation.routes.map(({ target, topic }) => ({ target, topic })),
      alerts: evaluation.alerts.map(({ name, severity, message, dedupKey }) => ({ name, severity, message, dedupKey })),
      dropped: evaluation.dropped?.reason ?? null,
      ...(evaluation.enriched ? { enrichedPayload: evaluation.payload } : {}),
      errors: outcome?.errors ?? [],
    };
  });
  return { ok: true, results };
}
