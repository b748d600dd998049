export * from "./client.ts";
export * from "./generated/prisma/client.ts";
export * from "./migrate.ts";
export * from "./password.ts";
export { DEFAULT_ORGANISATION, ensureAdminOperator } from "./seed-admin.ts";
