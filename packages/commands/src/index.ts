/**
 * @fleetwire/commands: command and control as plain async functions `(deps, actor, input)` that
 * throw AppError. Lifecycle queued -> delivered -> succeeded | failed, or queued -> expired, each
 * with its time. Commands go out over MQTT 5 (QoS 1, response topic, correlation data = command
 * id, message expiry = remaining TTL) or are fetched over HTTPS by devices without MQTT.
 * Client-safe shapes: `@fleetwire/commands/schemas`.
 */
export * from "./command-deps.ts";
export * from "./command-view.ts";
export * from "./expire-commands.ts";
export * from "./list-commands.ts";
export * from "./pending-commands.ts";
export * from "./publish-command.ts";
export * from "./record-command-reply.ts";
export * from "./schemas.ts";
export * from "./send-command.ts";
