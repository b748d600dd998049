/**
 * @fleetwire/registry: the product registry as plain async functions `(prisma, actor, input)`
 * that throw AppError. Fleets, device models (telemetry JSON Schema, default fleet, outlier
 * policy), trusted manufacturer CAs, the device list and the audit log. Every change writes an
 * audit entry in the same transaction; a refused change is audited with its reason.
 * Client-safe request schemas: `@fleetwire/registry/schemas`.
 */
export * from "./actor.ts";
export * from "./audit-log.ts";
export * from "./audited-change.ts";
export * from "./device-models.ts";
export * from "./device-presence.ts";
export * from "./devices.ts";
export * from "./fleets.ts";
export * from "./manufacturer-cas.ts";
export * from "./parse-ca-certificate.ts";
export * from "./schemas.ts";
