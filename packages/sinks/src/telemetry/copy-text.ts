/**
 * PostgreSQL's COPY text format: tab-separated columns, one row per line, `\N` for NULL, and
 * backslash escapes for the characters that would break the framing.
 */
const NEEDS_ESCAPE = /[\\\t\n\r]/;

function escapeText(value: string): string {
  // Most values (ids, metric names) have nothing to escape: a test is cheaper than a replace.
  if (!NEEDS_ESCAPE.test(value)) return value;
  return value.replace(/[\\\t\n\r]/g, (c) => (c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r"));
}

export function copyTextField(value: string | number | Date | null): string {
  if (value === null) return "\\N";
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "number") return String(value);
  return escapeText(value);
}

export function copyTextLine(fields: (string | number | Date | null)[]): string {
  return `${fields.map(copyTextField).join("\t")}\n`;
}
