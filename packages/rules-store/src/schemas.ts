/** The client-safe part of @fleetwire/rules-store: request schemas shared with the console. */
export * from "./alert.schema.ts";
export * from "./rule.schema.ts";
