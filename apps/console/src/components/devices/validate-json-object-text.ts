import { textRangeAt } from "@fleetwire/rules/client";
import { type ParseError, parse, printParseErrorCode } from "jsonc-parser";
import type { EditorIssue } from "@/components/editor/editor-issue.ts";

/** A JSON object or nothing: what a desired-state merge patch or command parameters must be. */
export function validateJsonObjectText(text: string): EditorIssue[] {
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { allowTrailingComma: false, disallowComments: true });
  if (errors.length > 0) {
    return errors.map((e) => ({
      message: `JSON syntax: ${printParseErrorCode(e.error)}`,
      range: textRangeAt(text, e.offset, e.length),
    }));
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return [{ message: 'must be a JSON object, e.g. {"interval": 30}' }];
  }
  return [];
}
