import path from "node:path";
import { loadPlatformConfig } from "@fleetwire/config";
import { defineConfig } from "prisma/config";

// Prisma 7 CLI configuration. Here it runs `prisma generate` (scripts/generate-client.mjs);
// migrations are applied by our runner (src/migrate.ts) because Prisma 7's native schema engine
// cannot be downloaded where we build. Where it can (production), the real CLI works with this
// file unchanged: `prisma migrate deploy --config packages/db/prisma.config.ts`.
export default defineConfig({
  schema: path.join(import.meta.dirname, "../../prisma/schema.prisma"),
  migrations: { path: path.join(import.meta.dirname, "../../prisma/migrations") },
  datasource: { url: loadPlatformConfig().databaseUrl },
});
