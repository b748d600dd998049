import { randomUUID } from "node:crypto";
import { loadPlatformConfig } from "@fleetwire/config";
import { isAppError } from "@fleetwire/core";
import { createPrisma, migrateDatabase } from "@fleetwire/db";
import { seedDevice, uniqueSuffix } from "@fleetwire/db/testing";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getShadow } from "./get-shadow.ts";
import { patchDesiredState } from "./patch-desired.ts";
import { reportDeviceState } from "./report-state.ts";
import { createRedisShadowCache } from "./shadow-cache.ts";
import type { ShadowDeps } from "./shadow-deps.ts";

// Real PostgreSQL and Redis (test profile); the broker is a recorder of what would be published.
const config = loadPlatformConfig({ ...process.env, FLEETWIRE_PROFILE: "test" });
const prisma = createPrisma(config.databaseUrl);
const redis = new Redis(config.redisUrl);
const prefix = `fleetwire:test-shadow:${uniqueSuffix()}:`;
const published: Array<{ topic: string; payload: string }> = [];
const deps: ShadowDeps = {
  prisma,
  cache: createRedisShadowCache(redis, { prefix }),
  broker: {
    publish: async (topic, payload) => {
      published.push({ topic, payload: String(payload) });
    },
  },
};

let operator: { type: "operator"; operatorId: string; organisationId: string };

beforeAll(async () => {
  await migrateDatabase(config.databaseUrl, () => {});
});

afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
  await prisma.$disconnect();
});

async function device() {
  const row = await seedDevice(prisma);
  const fleet = await prisma.fleet.findUniqueOrThrow({ where: { id: row.fleetId } });
  const op = await prisma.operator.create({
    data: {
      email: `op-${uniqueSuffix()}@test.fleetwire.local`,
      role: "operator",
      organisationId: fleet.organisationId,
    },
  });
  operator = { type: "operator", operatorId: op.id, organisationId: fleet.organisationId };
  return row;
}

describe("shadows against PostgreSQL and Redis", () => {
  it("of two writers holding the same version exactly one wins; the other gets 409", async () => {
    const d = await device();
    await patchDesiredState(deps, operator, { deviceId: d.id, patch: { a: 0 } });
    const results = await Promise.allSettled(
      [1, 2, 3, 4].map((n) => patchDesiredState(deps, operator, { deviceId: d.id, patch: { a: n }, version: 1 })),
    );
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.flatMap((r) => (r.status === "rejected" ? [r.reason] : []));
    expect(won).toHaveLength(1);
    expect(lost.map((e) => isAppError(e) && e.code)).toEqual(["CONFLICT", "CONFLICT", "CONFLICT"]);
    const row = await prisma.shadow.findUniqueOrThrow({ where: { deviceId: d.id } });
    expect(row.version).toBe(2);
    expect(await prisma.shadowChange.count({ where: { deviceId: d.id } })).toBe(2);
  });

  it("reads come from Redis, and every write replaces the cached copy with the new version", async () => {
    const d = await device();
    await patchDesiredState(deps, operator, { deviceId: d.id, patch: { mode: "eco" } });
    const cached = JSON.parse((await redis.get(`${prefix}${d.id}`)) ?? "null");
    expect(cached).toMatchObject({ version: 1, desired: { mode: "eco" }, delta: { mode: "eco" } });

    // A row changed behind the cache's back is not seen: the read is served by Redis.
    await prisma.shadow.update({ where: { deviceId: d.id }, data: { desired: { mode: "tampered" } } });
    expect((await getShadow(deps, operator, d.id)).desired).toEqual({ mode: "eco" });

    await reportDeviceState(deps, { type: "device", deviceId: d.id }, { deviceId: d.id, message: { state: { x: 1 } } });
    expect(JSON.parse((await redis.get(`${prefix}${d.id}`)) ?? "null")).toMatchObject({ version: 2 });

    // An older version never replaces a newer one (a slow reader caching what it loaded).
    await deps.cache?.put({ ...cached, version: 1 });
    expect((await getShadow(deps, operator, d.id)).version).toBe(2);
  });

  it("an empty report changes nothing and republishes the current delta", async () => {
    const d = await device();
    await patchDesiredState(deps, operator, { deviceId: d.id, patch: { rate: 5 } });
    published.length = 0;
    const result = await reportDeviceState(
      deps,
      { type: "device", deviceId: d.id },
      { deviceId: d.id, message: { state: {} } },
    );
    expect(result.shadow.version).toBe(1);
    expect(published).toEqual([
      { topic: `${d.fleetId}/devices/${d.id}/shadow/delta`, payload: expect.stringContaining('"state":{"rate":5}') },
    ]);
    expect(await prisma.shadowChange.count({ where: { deviceId: d.id } })).toBe(1);
  });

  it("another organisation's operator does not see the device; another device is refused", async () => {
    const d = await device();
    const stranger = { ...operator, organisationId: randomUUID() };
    await expect(getShadow(deps, stranger, d.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      reportDeviceState(deps, { type: "device", deviceId: "someone-else" }, { deviceId: d.id, message: { state: {} } }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
