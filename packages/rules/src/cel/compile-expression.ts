import type { ParseResult } from "@marcbachmann/cel-js";
import { type TextRange, textRangeAt } from "../text-position.ts";
import { type CelBindings, getRuleEnvironment } from "./cel-environment.ts";

/** A CEL expression parsed and type-checked once; `evaluate` interprets the stored AST. */
export interface CompiledExpression {
  readonly source: string;
  /** The checked result type (`bool`, or `dyn` when it depends on payload data). */
  readonly type: string;
  evaluate(bindings: CelBindings): unknown;
}

export interface ExpressionError {
  kind: "cel_syntax" | "cel_type";
  message: string;
  /** Where inside the expression text. */
  range: TextRange;
}

export type CompileExpressionResult =
  | { ok: true; expression: CompiledExpression }
  | { ok: false; error: ExpressionError };

interface CelErrorLike {
  name?: string;
  summary?: string;
  message?: string;
  range?: { start: number; end: number };
}

function toExpressionError(source: string, err: unknown): ExpressionError {
  const e = (err ?? {}) as CelErrorLike;
  const start = e.range?.start ?? 0;
  const end = e.range?.end ?? start;
  return {
    kind: e.name === "ParseError" ? "cel_syntax" : "cel_type",
    message: e.summary ?? e.message ?? String(err),
    // A zero-width range (say, "expected ')' at end of input") still gets a visible marker.
    range: textRangeAt(source, start, Math.max(1, end - start)),
  };
}

/**
 * Parses and type-checks an expression. `expect: "bool"` refuses expressions whose static type is
 * known and not bool (`payload.x + 1`); `dyn` passes and is checked per message.
 */
export function compileExpression(source: string, expect: "bool" | "any" = "bool"): CompileExpressionResult {
  const env = getRuleEnvironment();
  let program: ParseResult;
  try {
    program = env.parse(source);
  } catch (err) {
    return { ok: false, error: toExpressionError(source, err) };
  }
  const checked = program.check();
  if (!checked.valid) return { ok: false, error: toExpressionError(source, checked.error) };
  const type = checked.type ?? "dyn";
  if (expect === "bool" && type !== "bool" && type !== "dyn") {
    return {
      ok: false,
      error: {
        kind: "cel_type",
        message: `the expression must give a bool, but gives ${type}`,
        range: textRangeAt(source, 0, source.length),
      },
    };
  }
  return {
    ok: true,
    expression: { source, type, evaluate: (bindings) => program(bindings as unknown as Record<string, unknown>) },
  };
}

/** Evaluates a condition; anything but a bool is an error (a `dyn` expression can give a number). */
export function evaluateCondition(expression: CompiledExpression, bindings: CelBindings): boolean {
  const value = expression.evaluate(bindings);
  if (typeof value !== "boolean") {
    throw new TypeError(`the condition gave ${value === null ? "null" : typeof value}, not a bool`);
  }
  return value;
}
