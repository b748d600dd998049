export * from "./managed-process.ts";
