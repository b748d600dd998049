/**
 * @fleetwire/shadows: device shadows as plain async functions `(deps, actor, input)` that throw
 * AppError. Desired and reported state are JSON objects changed by RFC 7396 merge patches; the
 * delta (desired keys the reported state does not match) is computed, never stored; per-key
 * metadata records when a key changed and when the device satisfied it; every change bumps the
 * version and is kept in shadow_changes. PostgreSQL is the truth, Redis a read cache.
 * Client-safe shapes: `@fleetwire/shadows/schemas`.
 */
export * from "./compute-delta.ts";
export * from "./get-shadow.ts";
export * from "./json-document.ts";
export * from "./merge-patch.ts";
export * from "./patch-desired.ts";
export * from "./report-state.ts";
export * from "./resolve-device.ts";
export * from "./schemas.ts";
export * from "./shadow-cache.ts";
export * from "./shadow-deps.ts";
export * from "./shadow-document.ts";
export * from "./shadow-history.ts";
export * from "./shadow-store.ts";
export * from "./update-shadow.ts";
