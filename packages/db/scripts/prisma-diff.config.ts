import path from "node:path";
import { loadPlatformConfig } from "@fleetwire/config";
import { defineConfig } from "prisma-diff/config";
import { PrismaPg } from "prisma-diff-adapter-pg";

// Configuration for Prisma 6.19's CLI (installed as `prisma-diff`), used only by
// scripts/new-migration.ts to print migration SQL with `migrate diff`. With a driver adapter its
// schema engine runs as WebAssembly and needs no native binary. It opens a connection to the
// server (never changing anything), so it points at the `postgres` database of the configured one.
const serverUrl = new URL(loadPlatformConfig().databaseUrl);
serverUrl.pathname = "/postgres";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join(import.meta.dirname, "../../../prisma/schema.prisma"),
  adapter: async () => new PrismaPg({ connectionString: serverUrl.toString() }),
});
