export * from "./managed-process.ts";
export * from "./node-service.ts";
export * from "./probe-coap.ts";
export * from "./probes.ts";
