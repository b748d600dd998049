import type { TextRange } from "./text-position.ts";

/**
 * One problem in a rule document. `path` is a JSON Pointer (`/then/1/alert_if`). `expression` is
 * the span inside that string value (a CEL expression or message template); `document` is the
 * span in the document text, present when the document was validated as text.
 */
export interface RuleValidationError {
  path: string;
  message: string;
  kind: "json_syntax" | "schema" | "cel_syntax" | "cel_type" | "template" | "semantic";
  expression?: TextRange;
  document?: TextRange;
}

export function toJsonPointer(path: readonly PropertyKey[]): string {
  return path.map((p) => `/${String(p).replaceAll("~", "~0").replaceAll("/", "~1")}`).join("");
}

export function fromJsonPointer(pointer: string): (string | number)[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replaceAll("~1", "/").replaceAll("~0", "~"))
    .map((s) => (/^(0|[1-9][0-9]*)$/.test(s) ? Number(s) : s));
}
