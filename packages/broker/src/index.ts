export * from "./broker-profile.ts";
export * from "./device-presence.ts";
export * from "./device-topics.ts";
export * from "./emqx/index.ts";
