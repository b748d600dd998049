import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { ConfigError, REPO_ROOT } from "@fleetwire/config";
import pg from "pg";

/**
 * Applies prisma/migrations to a database the way `prisma migrate deploy` does, and records them
 * in the same `_prisma_migrations` table with the same columns and checksums, so production can
 * switch to the real Prisma CLI at any time (and the two never apply a migration twice). We need
 * our own runner because Prisma 7's native schema engine cannot be downloaded where we build, and
 * Prisma 6's WebAssembly engine fails `migrate deploy` on PostgreSQL 15.
 */
export const MIGRATIONS_DIR = path.join(REPO_ROOT, "prisma", "migrations");

/** The advisory lock key `prisma migrate deploy` takes, so our runner and the CLI exclude each other. */
const PRISMA_ADVISORY_LOCK_KEY = 72707369;
const CONNECT_TIMEOUT_MS = 5_000;

// The table exactly as Prisma's schema engine creates it.
const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export type MigrationFile = { name: string; sql: string; checksum: string };
export type MigrateLog = (message: string) => void;
export type MigrateResult = { applied: string[]; alreadyApplied: number };

export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MigrationError";
  }
}

/** sha256 hex of the file's bytes: the checksum Prisma stores. */
export function migrationChecksum(sql: string): string {
  return createHash("sha256").update(sql, "utf8").digest("hex");
}

/** The migrations on disk, oldest first (directory names start with a sortable timestamp). */
export async function listMigrations(dir = MIGRATIONS_DIR): Promise<MigrationFile[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: migrationChecksum(sql) };
    }),
  );
}

/**
 * Creates the database when missing, then applies every pending migration in order, each in its
 * own transaction together with its `_prisma_migrations` row. Refuses to run when an applied
 * migration was edited afterwards or a failed one is recorded (the CLI's P3009 state).
 */
export async function migrateDatabase(
  databaseUrl: string,
  log: MigrateLog = () => {},
  options: { migrationsDir?: string } = {},
): Promise<MigrateResult> {
  const migrations = await listMigrations(options.migrationsDir);
  const client = await connectCreatingDatabase(databaseUrl, log);
  // RAISE NOTICE from a migration (e.g. "timescaledb is not available") is worth showing; the
  // server's own "already exists, skipping" chatter is not.
  client.on("notice", (notice) => {
    if (notice.code === "00000") log(`database notice: ${notice.message}`);
  });
  try {
    await client.query("SELECT pg_advisory_lock($1)", [PRISMA_ADVISORY_LOCK_KEY]);
    await client.query(CREATE_MIGRATIONS_TABLE);
    const applied = await readAppliedMigrations(client);
    checkHistory(migrations, applied, log);

    const done = new Set(
      applied.filter((m) => m.finished_at !== null && m.rolled_back_at === null).map((m) => m.migration_name),
    );
    const pending = migrations.filter((m) => !done.has(m.name));
    for (const migration of pending) {
      log(`applying migration ${migration.name}`);
      await applyMigration(client, migration);
    }
    if (pending.length === 0) log(`database is up to date (${done.size} migrations applied)`);
    return { applied: pending.map((m) => m.name), alreadyApplied: done.size };
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_ADVISORY_LOCK_KEY]).catch(() => {});
    await client.end();
  }
}

type AppliedRow = { migration_name: string; checksum: string; finished_at: Date | null; rolled_back_at: Date | null };

async function readAppliedMigrations(client: pg.Client): Promise<AppliedRow[]> {
  const { rows } = await client.query<AppliedRow>(
    `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at`,
  );
  return rows;
}

function checkHistory(onDisk: MigrationFile[], applied: AppliedRow[], log: MigrateLog) {
  const byName = new Map(onDisk.map((m) => [m.name, m]));
  for (const row of applied) {
    if (row.rolled_back_at !== null) continue;
    if (row.finished_at === null) {
      throw new MigrationError(
        `migration ${row.migration_name} failed earlier and is recorded as unfinished; fix the database, then mark it with \`prisma migrate resolve\``,
      );
    }
    const file = byName.get(row.migration_name);
    if (!file) {
      log(`warning: migration ${row.migration_name} is applied in the database but missing from ${MIGRATIONS_DIR}`);
      continue;
    }
    if (file.checksum !== row.checksum) {
      throw new MigrationError(
        `migration ${row.migration_name} was changed after it was applied (checksum ${row.checksum} in the database, ${file.checksum} on disk); add a new migration instead of editing an applied one`,
      );
    }
  }
}

async function applyMigration(client: pg.Client, migration: MigrationFile) {
  const id = randomUUID();
  await client.query("BEGIN");
  try {
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, clock_timestamp(), 0)`,
      [id, migration.checksum, migration.name],
    );
    // One simple-protocol query: the whole file runs as Prisma runs it, DO blocks and all.
    await client.query(migration.sql);
    await client.query(
      `UPDATE "_prisma_migrations" SET finished_at = clock_timestamp(), applied_steps_count = 1 WHERE id = $1`,
      [id],
    );
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    const reason = error instanceof Error ? error.message : String(error);
    throw new MigrationError(`migration ${migration.name} failed and was rolled back: ${reason}`);
  }
}

/**
 * Connects to the target database; when it does not exist yet, creates it through the server's
 * `postgres` database first (managed services that forbid that simply have it created already).
 */
async function connectCreatingDatabase(databaseUrl: string, log: MigrateLog): Promise<pg.Client> {
  const connect = async () => {
    const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
    await connectOrExplain(client, databaseUrl);
    return client;
  };
  try {
    return await connect();
  } catch (error) {
    if ((error as { cause?: { code?: string } }).cause?.code !== "3D000") throw error;
  }
  const database = decodeURIComponent(new URL(databaseUrl).pathname.replace(/^\//, ""));
  const adminUrl = new URL(databaseUrl);
  adminUrl.pathname = "/postgres";
  const admin = new pg.Client({ connectionString: adminUrl.toString(), connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  await connectOrExplain(admin, databaseUrl);
  try {
    log(`creating database ${database}`);
    await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(database)}`).catch((error: { code?: string }) => {
      if (error.code !== "42P04") throw error; // created meanwhile by another process
    });
  } finally {
    await admin.end();
  }
  return connect();
}

/** Turns a failed connection into one line naming the setting (no stack trace for the user). */
async function connectOrExplain(client: pg.Client, databaseUrl: string) {
  try {
    await client.connect();
  } catch (error) {
    const url = new URL(databaseUrl);
    const where = `${url.hostname}:${url.port || "5432"}`;
    const detail = error instanceof Error ? error.message || (error as { code?: string }).code : String(error);
    const problem = `cannot connect to PostgreSQL at ${where}${url.pathname} (${detail})`;
    throw Object.assign(new ConfigError("FLEETWIRE_DATABASE_URL", problem), { cause: error });
  }
}
