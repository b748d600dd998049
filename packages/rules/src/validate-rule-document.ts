import type { z } from "zod";
import { type CompiledRuleDocument, compileRuleDocument } from "./compile-rule-document.ts";
import { type JsonText, locateJsonPath, parseJsonText } from "./json-text.ts";
import {
  ACTION_KINDS,
  type ActionKey,
  ROUTE_TARGET_MESSAGE,
  type TRuleDocument,
  ZRuleDocument,
} from "./rule-document.schema.ts";
import { fromJsonPointer, type RuleValidationError, toJsonPointer } from "./rule-validation-error.ts";
import { jsonStringOffsetToDocument, textRangeAt } from "./text-position.ts";

export type RuleValidationResult = { ok: true; rule: TRuleDocument } | { ok: false; errors: RuleValidationError[] };
export type RuleCompilationResult =
  | { ok: true; rule: TRuleDocument; compiled: CompiledRuleDocument }
  | { ok: false; errors: RuleValidationError[] };

/**
 * The one validator for rule documents, used by the control plane (refuses a save) and the
 * console (Monaco markers). Give it the editor's text to get JSON syntax errors and document
 * positions, or an already parsed value to get paths and expression positions only.
 */
export function validateRuleDocument(input: unknown): RuleValidationResult {
  const result = validateAndCompileRuleDocument(input);
  return result.ok ? { ok: true, rule: result.rule } : result;
}

/** validateRuleDocument plus the compiled form the evaluator runs. */
export function validateAndCompileRuleDocument(input: unknown): RuleCompilationResult {
  let json: JsonText | undefined;
  let value = input;
  if (typeof input === "string") {
    const parsed = parseJsonText(input);
    if (!parsed.ok) {
      return {
        ok: false,
        errors: parsed.errors.map((e) => ({ path: "", message: e.message, kind: "json_syntax", document: e.range })),
      };
    }
    json = parsed.json;
    value = json.value;
  }

  const schema = ZRuleDocument.safeParse(value);
  if (!schema.success) {
    const errors = schema.error.issues.flatMap((issue) => describeIssue(issue, value));
    return { ok: false, errors: json ? errors.map((e) => locate(e, json)) : errors };
  }
  const compiled = compileRuleDocument(schema.data);
  if (!compiled.ok) return { ok: false, errors: json ? compiled.errors.map((e) => locate(e, json)) : compiled.errors };
  return { ok: true, rule: schema.data, compiled: compiled.compiled };
}

type Issue = z.core.$ZodIssue;

function at(value: unknown, path: readonly PropertyKey[]): unknown {
  let v = value;
  for (const key of path)
    v = v !== null && typeof v === "object" ? (v as Record<PropertyKey, unknown>)[key] : undefined;
  return v;
}

function describeIssue(issue: Issue, root: unknown, prefix: readonly PropertyKey[] = []): RuleValidationError[] {
  const path = [...prefix, ...issue.path];
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => ({
      path: toJsonPointer([...path, key]),
      message: `unknown field "${key}"`,
      kind: "schema",
    }));
  }
  if (path.at(-1) === "route_to")
    return [{ path: toJsonPointer(path), message: `route_to ${ROUTE_TARGET_MESSAGE}`, kind: "schema" }];
  // An action failed every union branch: judge it by the branch its key names, so the error is
  // "alert_if: expected string" instead of "matches none of four shapes".
  if (issue.code === "invalid_union" && path.length === 2 && path[0] === "then") {
    const action = at(root, path);
    const keys = action && typeof action === "object" ? Object.keys(action).filter((k) => k in ACTION_KINDS) : [];
    if (keys.length === 1) {
      const branch = ACTION_KINDS[keys[0] as ActionKey].safeParse(action);
      if (!branch.success) return branch.error.issues.flatMap((i) => describeIssue(i, root, path));
    }
    const message =
      keys.length > 1
        ? `an action does one thing; found ${keys.join(" and ")}: split it into several actions`
        : `an action needs one of ${Object.keys(ACTION_KINDS).join(", ")}`;
    return [{ path: toJsonPointer(path), message, kind: "schema" }];
  }
  const field = path.length > 0 ? `${String(path.at(-1))}: ` : "";
  return [{ path: toJsonPointer(path), message: `${field}${issue.message}`, kind: "schema" }];
}

function locate(error: RuleValidationError, json: JsonText): RuleValidationError {
  const path = fromJsonPointer(error.path);
  const unknownKey = error.kind === "schema" && error.message.startsWith("unknown field");
  const node = locateJsonPath(json, path, unknownKey);
  if (error.expression && node.type === "string") {
    const start = jsonStringOffsetToDocument(json.text, node.offset, error.expression.offset);
    const end = jsonStringOffsetToDocument(json.text, node.offset, error.expression.offset + error.expression.length);
    return { ...error, document: textRangeAt(json.text, start, Math.max(1, end - start), json.starts) };
  }
  return { ...error, document: textRangeAt(json.text, node.offset, node.length, json.starts) };
}
