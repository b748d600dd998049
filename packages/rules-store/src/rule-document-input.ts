import { AppError } from "@fleetwire/core";
import type { Prisma } from "@fleetwire/db";
import { type RuleValidationError, validateRuleDocument } from "@fleetwire/rules";

/** "/then/1/alert_if: ... (line 4, column 22)": one line for the error message; details carry all. */
export function describeValidationError(error: RuleValidationError): string {
  const where = error.document
    ? ` (line ${error.document.line}, column ${error.document.column})`
    : error.expression
      ? ` (expression column ${error.expression.column})`
      : "";
  return `${error.path || "document"}: ${error.message}${where}`;
}

/**
 * Validates a document given as editor text or a parsed value and returns what is stored (the
 * parsed JSON as written). Refuses with VALIDATION_FAILED whose details carry every error with
 * its JSON path, expression position and document position: the console puts them on the editor.
 */
export function acceptRuleDocument(input: unknown): Prisma.InputJsonValue {
  const result = validateRuleDocument(input);
  if (!result.ok) {
    const first = result.errors[0];
    const more = result.errors.length > 1 ? ` (and ${result.errors.length - 1} more)` : "";
    throw new AppError(
      "VALIDATION_FAILED",
      `the rule document is invalid: ${first ? describeValidationError(first) : "unknown error"}${more}`,
      { errors: result.errors },
    );
  }
  return (typeof input === "string" ? JSON.parse(input) : input) as Prisma.InputJsonValue;
}
