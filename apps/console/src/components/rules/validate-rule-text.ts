import { validateRuleDocument } from "@fleetwire/rules/client";
import type { EditorIssue } from "@/components/editor/editor-issue.ts";
import { jsonPointerRange } from "@/lib/json-pointer-range.ts";

/**
 * The editor's text judged by the one rule validator the control plane also runs on save: JSON
 * syntax, the DSL's shape, CEL expressions and templates, each error at its position in the text.
 */
export function validateRuleText(text: string): EditorIssue[] {
  const result = validateRuleDocument(text);
  if (result.ok) return [];
  return result.errors.map((error) => ({
    message: error.message,
    where: error.path || undefined,
    range: error.document ?? (error.path ? jsonPointerRange(text, error.path) : undefined),
  }));
}
