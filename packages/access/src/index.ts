export * from "./audit.ts";
export * from "./permissions.ts";
export * from "./sign-in.ts";
export * from "./tokens.ts";
