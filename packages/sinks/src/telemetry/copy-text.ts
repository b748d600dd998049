/**
 * PostgreSQL's COPY text format: tab-separated columns, one row per line, `\N` for NULL, and
 * backslash escapes for the characters that would break the framing.
 */
function escapeText(value: string): string {
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
