import { randomBytes } from "node:crypto";
import { ConfigError, loadPlatformConfig } from "@fleetwire/config";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrisma } from "./client.ts";
import type { PrismaClient } from "./generated/prisma/client.ts";
import { listMigrations, MigrationError, migrateDatabase } from "./migrate.ts";
import { verifyPassword } from "./password.ts";
import { ensureAdminOperator } from "./seed-admin.ts";
import { seedDevice, seedOperator } from "./testing/seed.ts";

// A throwaway database on the real PostgreSQL, created by the runner itself and dropped after.
const serverUrl = new URL(loadPlatformConfig().databaseUrl);
const database = `fleetwire_migrate_${randomBytes(4).toString("hex")}`;
const databaseUrl = Object.assign(new URL(serverUrl), { pathname: `/${database}` }).toString();

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const logs: string[] = [];
let prisma: PrismaClient;

beforeAll(async () => {
  await migrateDatabase(databaseUrl, (line) => logs.push(line));
  prisma = createPrisma(databaseUrl, { maxConnections: 4 });
});

afterAll(async () => {
  await prisma?.$disconnect();
  const adminUrl = Object.assign(new URL(serverUrl), { pathname: "/postgres" }).toString();
  await withClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(database)} WITH (FORCE)`));
});

describe("migrateDatabase", () => {
  it("creates the database and applies every migration, recording them as prisma migrate deploy does", async () => {
    const onDisk = await listMigrations();
    expect(logs).toContain(`creating database ${database}`);
    const rows = await withClient(databaseUrl, async (c) => {
      const { rows } = await c.query(`SELECT * FROM "_prisma_migrations" ORDER BY started_at`);
      return rows;
    });
    expect(rows.map((r) => r.migration_name)).toEqual(onDisk.map((m) => m.name));
    for (const [i, row] of rows.entries()) {
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(row.checksum).toBe(onDisk[i]?.checksum);
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.finished_at.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
      expect(row.logs).toBeNull();
      expect(row.rolled_back_at).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }
    // Plain PostgreSQL here: telemetry stays a plain table, and the runner passes the notice on.
    expect(logs.some((l) => l.includes("timescaledb is not available"))).toBe(true);
  });

  it("is a no-op when run again", async () => {
    const result = await migrateDatabase(databaseUrl);
    expect(result.applied).toEqual([]);
    expect(result.alreadyApplied).toBe((await listMigrations()).length);
  });

  it("refuses to continue when an applied migration's checksum changed", async () => {
    const [first] = await listMigrations();
    await withClient(databaseUrl, (c) =>
      c.query(`UPDATE "_prisma_migrations" SET checksum = repeat('0', 64) WHERE migration_name = $1`, [first?.name]),
    );
    try {
      await expect(migrateDatabase(databaseUrl)).rejects.toThrow(MigrationError);
      await expect(migrateDatabase(databaseUrl)).rejects.toThrow(/was changed after it was applied/);
    } finally {
      await withClient(databaseUrl, (c) =>
        c.query(`UPDATE "_prisma_migrations" SET checksum = $1 WHERE migration_name = $2`, [
          first?.checksum,
          first?.name,
        ]),
      );
    }
  });

  it("names FLEETWIRE_DATABASE_URL in one line when the server cannot be reached", async () => {
    const error = await migrateDatabase("postgresql://postgres@127.0.0.1:1/nothing").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(
      /^FLEETWIRE_DATABASE_URL: cannot connect to PostgreSQL at 127\.0\.0\.1:1\/nothing/,
    );
    expect((error as Error).message).not.toContain("\n");
  });
});

describe("ensureAdminOperator", () => {
  it("creates the first admin and a default organisation once (on the fresh database), and changes nothing when run again", async () => {
    const admin = { email: "Admin@Example.test", password: "correct horse battery" };
    const [a, b] = await Promise.all([ensureAdminOperator(prisma, admin), ensureAdminOperator(prisma, admin)]);
    expect([a.created, b.created].filter(Boolean)).toHaveLength(1);
    const again = await ensureAdminOperator(prisma, { ...admin, password: "another password" });
    expect(again.created).toBe(false);

    const operators = await prisma.operator.findMany({ where: { email: "admin@example.test" } });
    expect(operators).toHaveLength(1);
    expect(operators[0]?.role).toBe("admin");
    expect(operators[0]?.passwordHash).toMatch(/^scrypt\$16384\$8\$1\$[^$]+\$[^$]+$/);
    expect(await verifyPassword(admin.password, operators[0]?.passwordHash ?? "")).toBe(true);
    expect(await verifyPassword("another password", operators[0]?.passwordHash ?? "")).toBe(false);
    expect(await prisma.organisation.count({ where: { slug: "default" } })).toBe(1);
  });

  it("seed fixtures make unique rows in parallel", async () => {
    const operators = await Promise.all(
      ["admin", "operator", "rule_author", "auditor"].map((r) => seedOperator(prisma, r as never)),
    );
    expect(new Set(operators.map((o) => o.email)).size).toBe(4);
    expect(await verifyPassword(operators[0]?.password ?? "", operators[0]?.passwordHash ?? "")).toBe(true);
    const devices = await Promise.all([seedDevice(prisma), seedDevice(prisma), seedDevice(prisma)]);
    expect(new Set(devices.map((d) => d.id)).size).toBe(3);
  });
});

describe("schema", () => {
  it("adds nothing for a duplicate telemetry row written with ON CONFLICT DO NOTHING", async () => {
    const insert = `INSERT INTO telemetry (device_id, metric_name, value, unit, recorded_at, message_id)
      VALUES ($1, 'temperature', $2, 'C', '2026-11-25T12:00:00.123Z', 'msg-1') ON CONFLICT DO NOTHING`;
    const counts = await withClient(databaseUrl, async (c) => {
      const first = await c.query(insert, ["dev-dup", 21.5]);
      const second = await c.query(insert, ["dev-dup", 99]);
      const { rows } = await c.query(`SELECT value FROM telemetry WHERE device_id = 'dev-dup'`);
      return { first: first.rowCount, second: second.rowCount, rows };
    });
    expect(counts).toEqual({ first: 1, second: 0, rows: [{ value: 21.5 }] });
  });

  it("gives telemetry the same indexes as the TimescaleDB variant", async () => {
    const { rows } = await withClient(databaseUrl, (c) =>
      c.query("SELECT indexname FROM pg_indexes WHERE tablename = 'telemetry' ORDER BY indexname"),
    );
    expect(rows.map((r) => r.indexname)).toEqual(["telemetry_idempotency_key"]);
  });

  it("keeps the audit log append-only", async () => {
    const row = await prisma.auditLog.create({
      data: { actorType: "system", action: "test.append", outcome: "success", details: { n: 1 } },
    });
    await expect(prisma.auditLog.update({ where: { id: row.id }, data: { reason: "tampered" } })).rejects.toThrow(
      /append-only/,
    );
    await expect(prisma.auditLog.delete({ where: { id: row.id } })).rejects.toThrow(/append-only/);
    expect((await prisma.auditLog.findUniqueOrThrow({ where: { id: row.id } })).reason).toBeNull();
  });

  it("de-duplicates only active alerts by dedup key", async () => {
    const device = await seedDevice(prisma);
    const alert = { deviceId: device.id, severity: "critical" as const, message: "hot", dedupKey: `${device.id}:hot` };
    const first = await prisma.alert.create({ data: alert });
    await expect(prisma.alert.create({ data: alert })).rejects.toThrow();
    await prisma.alert.update({ where: { id: first.id }, data: { status: "resolved", resolvedAt: new Date() } });
    await expect(prisma.alert.create({ data: alert })).resolves.toMatchObject({ status: "active" });
  });

  it("refuses a second command with the same idempotency key for a device", async () => {
    const device = await seedDevice(prisma);
    const command = {
      deviceId: device.id,
      name: "reboot",
      ttlSeconds: 60,
      expiresAt: new Date(Date.now() + 60_000),
      idempotencyKey: "k1",
    };
    await prisma.command.create({ data: command });
    await expect(prisma.command.create({ data: command })).rejects.toMatchObject({ code: "P2002" });
  });
});
