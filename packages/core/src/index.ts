export * from "./app-error.ts";
export * from "./logger.ts";
export * from "./process-warnings.ts";
