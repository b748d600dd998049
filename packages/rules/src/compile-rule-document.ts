import { type CompiledExpression, compileExpression } from "./cel/compile-expression.ts";
import { type CompiledTemplate, compileTemplate } from "./message-template.ts";
import {
  type AlertSeverity,
  type BuiltInRouteTarget,
  ROUTE_TARGET_ALIASES,
  type TRuleDocument,
  type TUnitConversion,
} from "./rule-document.schema.ts";
import type { RuleValidationError } from "./rule-validation-error.ts";
import { canConvertUnits, unitDimension } from "./units.ts";

/** Route targets after alias resolution: a built-in name or an `ext.` operator topic. */
export type RouteTarget = BuiltInRouteTarget | `ext.${string}`;

export interface CompiledMatchers {
  models?: ReadonlySet<string>;
  fleets?: ReadonlySet<string>;
  topics?: ReadonlySet<string>;
  deviceIds?: ReadonlySet<string>;
}

export type CompiledAction =
  | { kind: "route"; index: number; target: RouteTarget }
  | {
      kind: "alert";
      index: number;
      condition: CompiledExpression;
      severity: AlertSeverity;
      name: string;
      template: CompiledTemplate;
    }
  | { kind: "drop"; index: number; reason: string }
  | {
      kind: "enrich";
      index: number;
      add: readonly { path: readonly string[]; value: string | number | boolean | null }[];
      convert: readonly (TUnitConversion & { fieldPath: readonly string[]; asPath: readonly string[] })[];
    };

export interface CompiledRuleDocument {
  readonly matchers: CompiledMatchers;
  readonly when: CompiledExpression | undefined;
  readonly actions: readonly CompiledAction[];
}

const DEFAULT_ALERT_MESSAGE = "{{rule_name}}: alert on {{device_id}}";
const FORBIDDEN_SEGMENTS = new Set(["__proto__", "prototype", "constructor"]);

function toSet(value: string | string[] | undefined): ReadonlySet<string> | undefined {
  if (value === undefined) return undefined;
  return new Set(Array.isArray(value) ? value : [value]);
}

function intersect(a: ReadonlySet<string> | undefined, b: ReadonlySet<string> | undefined) {
  if (!a) return b;
  if (!b) return a;
  return new Set([...a].filter((v) => b.has(v)));
}

/**
 * Turns a schema-valid document into its compiled form: every CEL expression and template is
 * parsed and checked here, once. Errors carry the JSON path and the span inside the string.
 */
export function compileRuleDocument(
  doc: TRuleDocument,
): { ok: true; compiled: CompiledRuleDocument } | { ok: false; errors: RuleValidationError[] } {
  const errors: RuleValidationError[] = [];
  const cel = (source: string, path: string): CompiledExpression | undefined => {
    const result = compileExpression(source);
    if (result.ok) return result.expression;
    errors.push({ path, message: result.error.message, kind: result.error.kind, expression: result.error.range });
    return undefined;
  };
  const fieldPath = (value: string, path: string): string[] => {
    const segments = value.split(".");
    if (segments.some((s) => FORBIDDEN_SEGMENTS.has(s))) {
      errors.push({ path, message: `"${value}" is not an allowed field name`, kind: "semantic" });
    }
    return segments;
  };

  const cond = doc.if ?? {};
  const matchers: CompiledMatchers = {
    models: intersect(toSet(cond.device_type), toSet(cond.model)),
    fleets: toSet(cond.fleet),
    topics: toSet(cond.topic),
    deviceIds: toSet(cond.device_id),
  };
  const when = cond.when === undefined ? undefined : cel(cond.when, "/if/when");

  const actions: CompiledAction[] = [];
  doc.then.forEach((action, index) => {
    const at = `/then/${index}`;
    if ("route_to" in action) {
      const target = (ROUTE_TARGET_ALIASES as Record<string, BuiltInRouteTarget>)[action.route_to] ?? action.route_to;
      actions.push({ kind: "route", index, target: target as RouteTarget });
    } else if ("alert_if" in action) {
      const condition = cel(action.alert_if, `${at}/alert_if`);
      const template = compileTemplate(action.message ?? DEFAULT_ALERT_MESSAGE);
      if (!template.ok) {
        errors.push({
          path: `${at}/message`,
          message: template.error.message,
          kind: "template",
          expression: template.error.range,
        });
      }
      if (condition && template.ok) {
        const severity = action.severity ?? "warning";
        actions.push({
          kind: "alert",
          index,
          condition,
          severity,
          name: action.name ?? `alert-${index}`,
          template: template.template,
        });
      }
    } else if ("drop" in action) {
      actions.push({ kind: "drop", index, reason: action.drop === true ? "dropped by rule" : action.drop });
    } else {
      const add = Object.entries(action.enrich.add ?? {}).map(([key, value]) => ({
        path: fieldPath(key, `${at}/enrich/add/${key}`),
        value,
      }));
      const convert = (action.enrich.convert ?? []).map((c, j) => {
        if (!canConvertUnits(c.from, c.to)) {
          errors.push({
            path: `${at}/enrich/convert/${j}/to`,
            message: `cannot convert ${c.from} (${unitDimension(c.from)}) to ${c.to} (${unitDimension(c.to)})`,
            kind: "semantic",
          });
        }
        return {
          ...c,
          fieldPath: fieldPath(c.field, `${at}/enrich/convert/${j}/field`),
          asPath: fieldPath(c.as ?? c.field, `${at}/enrich/convert/${j}/as`),
        };
      });
      if (add.length === 0 && convert.length === 0) {
        errors.push({ path: `${at}/enrich`, message: "enrich needs add or convert", kind: "semantic" });
      }
      actions.push({ kind: "enrich", index, add, convert });
    }
  });
  if (matchers.models && matchers.models.size === 0) {
    errors.push({ path: "/if/model", message: "device_type and model name no common model", kind: "semantic" });
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, compiled: { matchers, when, actions } };
}
