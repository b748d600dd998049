import { checkTelemetrySchema } from "@fleetwire/registry/schemas";
import { textRangeAt } from "@fleetwire/rules/client";
import { type ParseError, parse, printParseErrorCode } from "jsonc-parser";
import type { EditorIssue } from "@/components/editor/editor-issue.ts";
import { jsonPointerRange } from "@/lib/json-pointer-range.ts";

/** The editor's text as the API will judge it: JSON syntax first, then the JSON Schema check. */
export function validateTelemetrySchemaText(text: string): EditorIssue[] {
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { allowTrailingComma: false, disallowComments: true });
  if (errors.length > 0) {
    return errors.map((e) => ({
      message: `JSON syntax: ${printParseErrorCode(e.error)}`,
      range: textRangeAt(text, e.offset, e.length),
    }));
  }
  return checkTelemetrySchema(value).map((issue) => ({
    message: issue.message,
    where: issue.path,
    range: jsonPointerRange(text, issue.path),
  }));
}
