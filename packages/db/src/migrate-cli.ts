import { spawnSync } from "node:child_process";
import path from "node:path";
import { ConfigError, loadPlatformConfig } from "@fleetwire/config";
import { MigrationError, migrateDatabase } from "./migrate.ts";

/**
 * `pnpm db:migrate`: brings the configured database (FLEETWIRE_DATABASE_URL, or the profile's
 * local default) up to date and refreshes the generated Prisma client. Expected failures end in
 * one line and exit code 1; a stack trace means a bug.
 */
async function main() {
  const generate = spawnSync(process.execPath, [path.join(import.meta.dirname, "../scripts/generate-client.mjs")], {
    stdio: "inherit",
  });
  if (generate.status !== 0) process.exit(1);

  const config = loadPlatformConfig();
  const log = (message: string) => process.stderr.write(`[db:migrate] ${message}\n`);
  const result = await migrateDatabase(config.databaseUrl, log);
  log(`${result.applied.length} migration(s) applied, ${result.alreadyApplied} already applied`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof MigrationError) {
    process.stderr.write(`db:migrate: ${error.message}\n`);
    process.exit(1);
  }
  throw error;
});
