export * from "./managed-process.ts";
export * from "./probes.ts";
