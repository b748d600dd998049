/**
 * The browser-safe part of the package (no Node or @fleetwire/config imports): the rule schema
 * and its JSON Schema, the validator with document positions, units and template roots. The
 * console's Monaco editor imports `@fleetwire/rules/client`.
 */
export { CEL_VARIABLES } from "./cel/cel-environment.ts";
export { TEMPLATE_ROOTS } from "./message-template.ts";
export * from "./route-records.schema.ts";
export * from "./rule-document.schema.ts";
export * from "./rule-message.schema.ts";
export * from "./rule-validation-error.ts";
export * from "./text-position.ts";
export * from "./units.ts";
export { type RuleValidationResult, validateRuleDocument } from "./validate-rule-document.ts";
