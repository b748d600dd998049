import type { CompiledRuleDocument } from "./compile-rule-document.ts";
import type { RuleValidationError } from "./rule-validation-error.ts";
import { validateAndCompileRuleDocument } from "./validate-rule-document.ts";

/** A rule as stored: the routing_rules row with its current version's document. */
export interface RuleDefinition {
  id: string;
  /** null: applies to every fleet (dry runs, platform-wide rules). */
  fleetId: string | null;
  name?: string;
  /** Lower runs first (as in routing_rules.priority). */
  priority: number;
  enabled: boolean;
  version: number;
  /** The rule document, parsed JSON or JSON text. */
  document: unknown;
}

export interface CompiledRule {
  readonly id: string;
  readonly fleetId: string | null;
  readonly name: string;
  readonly priority: number;
  readonly version: number;
  readonly document: CompiledRuleDocument;
}

export interface RuleSet {
  /** Enabled, valid rules in evaluation order: priority, then name, then id. */
  readonly rules: readonly CompiledRule[];
  /** Rules left out because their document no longer validates (say, after a DSL change). */
  readonly invalid: readonly { ruleId: string; version: number; errors: RuleValidationError[] }[];
  /** The rules that apply to a fleet's messages: its own and the fleet-less ones, in order. */
  forFleet(fleetId: string): readonly CompiledRule[];
}

/**
 * Compiles the rules a worker runs. Every expression is parsed and checked here, once per load;
 * a rule that fails is reported in `invalid` and left out instead of failing the whole set.
 */
export function compileRuleSet(definitions: readonly RuleDefinition[]): RuleSet {
  const rules: CompiledRule[] = [];
  const invalid: { ruleId: string; version: number; errors: RuleValidationError[] }[] = [];
  for (const def of definitions) {
    if (!def.enabled) continue;
    const result = validateAndCompileRuleDocument(def.document);
    if (!result.ok) {
      invalid.push({ ruleId: def.id, version: def.version, errors: result.errors });
      continue;
    }
    rules.push({
      id: def.id,
      fleetId: def.fleetId,
      name: def.name ?? def.id,
      priority: def.priority,
      version: def.version,
      document: result.compiled,
    });
  }
  rules.sort(
    (a, b) =>
      a.priority - b.priority ||
      (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  const byFleet = new Map<string, readonly CompiledRule[]>();
  return {
    rules,
    invalid,
    forFleet(fleetId) {
      let list = byFleet.get(fleetId);
      if (!list) {
        list = rules.filter((r) => r.fleetId === null || r.fleetId === fleetId);
        byFleet.set(fleetId, list);
      }
      return list;
    },
  };
}
