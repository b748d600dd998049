import { type TextRange, textRangeAt } from "./text-position.ts";

/**
 * Alert message templates: text with `{{path}}` placeholders, resolved by plain property lookup
 * (no expression language, no eval). Paths start at one of TEMPLATE_ROOTS.
 */
export const TEMPLATE_ROOTS = [
  "device_id",
  "fleet_id",
  "model",
  "topic",
  "message_id",
  "rule_id",
  "rule_name",
  "severity",
  "payload",
  "device",
  "meta",
  "outlier",
] as const;
const SCALAR_ROOTS = new Set([
  "device_id",
  "fleet_id",
  "model",
  "topic",
  "message_id",
  "rule_id",
  "rule_name",
  "severity",
]);
const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+){0,8}$/;
const FORBIDDEN_SEGMENTS = new Set(["__proto__", "prototype", "constructor"]);
const MAX_RENDERED_LENGTH = 1000;

type TemplatePart = string | readonly string[];
export interface CompiledTemplate {
  readonly source: string;
  readonly parts: readonly TemplatePart[];
}
export interface TemplateError {
  message: string;
  range: TextRange;
}

export function compileTemplate(
  source: string,
): { ok: true; template: CompiledTemplate } | { ok: false; error: TemplateError } {
  const parts: TemplatePart[] = [];
  let last = 0;
  for (const match of source.matchAll(PLACEHOLDER)) {
    const path = match[1] ?? "";
    const at = match.index;
    const fail = (message: string) => ({
      ok: false as const,
      error: { message, range: textRangeAt(source, at, match[0].length) },
    });
    if (!PATH.test(path)) return fail(`"${path}" is not a placeholder path like device_id or payload.temperature`);
    const segments = path.split(".");
    const root = segments[0] ?? "";
    if (!(TEMPLATE_ROOTS as readonly string[]).includes(root)) {
      return fail(`unknown placeholder "${root}"; use one of ${TEMPLATE_ROOTS.join(", ")}`);
    }
    if (SCALAR_ROOTS.has(root) && segments.length > 1) return fail(`"${root}" has no fields`);
    if (segments.some((s) => FORBIDDEN_SEGMENTS.has(s))) return fail(`"${path}" is not allowed`);
    if (at > last) parts.push(source.slice(last, at));
    parts.push(segments);
    last = at + match[0].length;
  }
  const rest = source.slice(last);
  const open = rest.indexOf("{{");
  if (open >= 0) {
    return {
      ok: false,
      error: { message: "unclosed placeholder: missing }}", range: textRangeAt(source, last + open, 2) },
    };
  }
  if (rest) parts.push(rest);
  return { ok: true, template: { source, parts } };
}

function display(value: unknown): string {
  if (value === undefined) return "";
  if (value === null) return "null";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean") return String(value);
  try {
    return JSON.stringify(value);
  } catch {
    return "";
  }
}

export function renderTemplate(template: CompiledTemplate, scope: Record<string, unknown>): string {
  let out = "";
  for (const part of template.parts) {
    if (typeof part === "string") {
      out += part;
      continue;
    }
    let value: unknown = scope;
    for (const segment of part) {
      value =
        value !== null && typeof value === "object" && Object.hasOwn(value, segment)
          ? (value as Record<string, unknown>)[segment]
          : undefined;
    }
    out += display(value);
  }
  return out.length > MAX_RENDERED_LENGTH ? `${out.slice(0, MAX_RENDERED_LENGTH - 1)}…` : out;
}
