/**
 * Makes the next migration after a change to prisma/schema.prisma:
 *
 *   pnpm --filter @fleetwire/db new-migration add_device_tags      # SQL diffed from the schema
 *   pnpm --filter @fleetwire/db new-migration backfill_x --empty   # an empty file for hand SQL
 *
 * It diffs the schema the previous migration was made from (packages/db/migration-base.prisma)
 * against the current one with Prisma 6.19's WebAssembly schema engine (Prisma 7's native engine
 * cannot be downloaded here), writes prisma/migrations/<UTC timestamp>_<name>/migration.sql and
 * moves the base forward. Then: read the SQL (add what Prisma cannot express: partial indexes,
 * triggers, Timescale DDL in DO blocks), run `pnpm db:migrate`, and commit the migration, the
 * schema and the base together. Never edit a migration that was applied anywhere: the runner
 * refuses changed checksums, as Prisma does.
 *
 * Needs a reachable PostgreSQL (FLEETWIRE_DATABASE_URL's server): the engine connects, though a
 * schema-to-schema diff changes nothing there.
 */
import { spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";

const packageDir = path.resolve(import.meta.dirname, "..");
const schemaPath = path.resolve(packageDir, "../../prisma/schema.prisma");
const migrationsDir = path.resolve(packageDir, "../../prisma/migrations");
const basePath = path.join(packageDir, "migration-base.prisma");

const args = process.argv.slice(2);
const name = args.find((a) => !a.startsWith("--"));
const empty = args.includes("--empty");
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: new-migration <snake_case_name> [--empty]");
  process.exit(2);
}

function timestamp(date = new Date()) {
  return date.toISOString().replace(/[-:T]/g, "").slice(0, 14);
}

// Prisma 6 wants a url in the datasource block, which Prisma 7 forbids: diff temporary copies.
function withUrl(schema: string) {
  return schema.replace(
    /datasource db \{([^}]*)\}/,
    (_m, body: string) => `datasource db {${body}  url = "postgresql://unused"\n}`,
  );
}

function diffSql(): string {
  const work = mkdtempSync(path.join(tmpdir(), "fleetwire-migration-"));
  try {
    const to = path.join(work, "to.prisma");
    writeFileSync(to, withUrl(readFileSync(schemaPath, "utf8")));
    const from = existsSync(basePath) ? ["--from-schema-datamodel", path.join(work, "from.prisma")] : ["--from-empty"];
    if (existsSync(basePath)) writeFileSync(path.join(work, "from.prisma"), withUrl(readFileSync(basePath, "utf8")));
    const fakeLibrary = path.join(work, "libquery_engine.so.node");
    writeFileSync(fakeLibrary, "");

    const require = createRequire(path.join(packageDir, "package.json"));
    const cli = path.join(path.dirname(require.resolve("prisma-diff/package.json")), "build/index.js");
    const result = spawnSync(
      process.execPath,
      [
        cli,
        "migrate",
        "diff",
        "--config",
        path.join(import.meta.dirname, "prisma-diff.config.ts"),
        ...from,
        "--to-schema-datamodel",
        to,
        "--script",
      ],
      {
        cwd: packageDir,
        encoding: "utf8",
        env: {
          ...process.env,
          PRISMA_QUERY_ENGINE_LIBRARY: fakeLibrary,
          PRISMA_ENGINES_CHECKSUM_IGNORE_MISSING: "1",
          PRISMA_HIDE_UPDATE_MESSAGE: "1",
          CHECKPOINT_DISABLE: "1",
        },
      },
    );
    if (result.status !== 0) {
      console.error(`prisma migrate diff failed:\n${result.stdout}${result.stderr}`);
      process.exit(1);
    }
    return result.stdout;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const sql = empty ? "-- Hand-written migration.\n" : diffSql();
if (!empty && (sql.trim() === "" || sql.includes("This is an empty migration"))) {
  console.log("The schema has not changed since the last migration: nothing to do (use --empty for hand-written SQL).");
  process.exit(0);
}

// Names sort by their timestamp: never sort before an existing migration, whatever the clock says.
const latest = readdirSync(migrationsDir, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name.slice(0, 14))
  .sort()
  .at(-1);
let stamp = timestamp();
if (latest && stamp <= latest) stamp = String(BigInt(latest) + 1n);
const dir = path.join(migrationsDir, `${stamp}_${name}`);
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, "migration.sql"), sql);
copyFileSync(schemaPath, basePath);
console.log(
  `Wrote ${path.relative(process.cwd(), path.join(dir, "migration.sql"))}. Review it, run \`pnpm db:migrate\`, commit.`,
);
