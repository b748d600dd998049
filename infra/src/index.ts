export * from "./managed-process.ts";
export * from "./probe-coap.ts";
export * from "./probes.ts";
