/**
 * @fleetwire/rules-store: rules as the control plane and the rules workers keep them. Plain async
 * functions `(deps, actor, input)` that throw AppError: rules with versions (every change audited
 * and announced on rules.updates), dry runs against samples or recent messages, per-rule metrics
 * and recent messages in Redis, and the alerts list. Client-safe schemas: `./schemas`.
 */
export * from "./alerts.ts";
export * from "./dry-run-rule.ts";
export * from "./load-rule-definitions.ts";
export * from "./recent-messages.ts";
export * from "./rule-changes.ts";
export * from "./rule-document-input.ts";
export * from "./rule-metrics.ts";
export * from "./rule-update-announcer.ts";
export * from "./rule-view.ts";
export * from "./rules.ts";
export * from "./schemas.ts";
