export * from "./emqx-access-decisions.ts";
export * from "./emqx-api.schema.ts";
export * from "./emqx-api-error.ts";
export * from "./emqx-broker-profile.ts";
export * from "./emqx-client.ts";
export * from "./emqx-presence-event.ts";
export * from "./emqx-psk-file.ts";
