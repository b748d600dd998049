/**
 * The client-safe part of @fleetwire/registry: request schemas and the telemetry schema check.
 * Nothing here imports server code, so the console's forms validate exactly as the API does.
 */
export * from "./audit-log.schema.ts";
export * from "./check-telemetry-schema.ts";
export * from "./device.schema.ts";
export * from "./device-model.schema.ts";
export * from "./fleet.schema.ts";
export * from "./manufacturer-ca.schema.ts";
