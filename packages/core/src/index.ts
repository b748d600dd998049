export * from "./app-error.ts";
export * from "./logger.ts";
