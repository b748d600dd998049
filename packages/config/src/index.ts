export * from "./kafka-topics.ts";
export * from "./platform-config.ts";
export * from "./platform-endpoints.ts";
export * from "./worker-processes.ts";
