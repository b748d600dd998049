import { AppError } from "@fleetwire/core";
import { Prisma, type PrismaClient } from "@fleetwire/db";
import type { Actor } from "./actor.ts";
import { decodeCursor, encodeCursor } from "./cursor.ts";
import { type TGetDeviceRequest, type TListDevicesRequest, ZListDevicesRequest } from "./device.schema.ts";
import { iso } from "./iso.ts";

const deviceInclude = {
  fleet: { select: { id: true, name: true, slug: true } },
  model: { select: { id: true, name: true } },
} satisfies Prisma.DeviceInclude;
type DeviceRow = Prisma.DeviceGetPayload<{ include: typeof deviceInclude }>;

function toDevice(row: DeviceRow) {
  const attributes = (row.attributes ?? {}) as Record<string, unknown>;
  return {
    id: row.id,
    /** The `name` attribute when the device has one. */
    name: typeof attributes.name === "string" ? attributes.name : null,
    fleet: row.fleet,
    model: row.model,
    firmwareVersion: row.firmwareVersion,
    status: row.status,
    online: row.online,
    lastSeenAt: iso(row.lastSeenAt),
    provisionedAt: iso(row.provisionedAt),
    attributes,
    createdAt: iso(row.createdAt),
  };
}
export type DeviceView = ReturnType<typeof toDevice>;

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * A page of the caller's organisation's devices, ordered by id, with an opaque cursor for the next.
 * The filters run in one SQL query because attribute search needs `attributes::text`, which
 * Prisma's query API cannot express.
 */
export async function listDevices(prisma: PrismaClient, actor: Actor, request: TListDevicesRequest = {}) {
  const input = ZListDevicesRequest.parse(request);
  const where: Prisma.Sql[] = [Prisma.sql`f.organisation_id = ${actor.organisationId}::uuid`];
  if (input.status === "online") where.push(Prisma.sql`d.online AND d.status <> 'revoked'`);
  if (input.status === "offline") where.push(Prisma.sql`NOT d.online AND d.status <> 'revoked'`);
  if (input.status === "revoked") where.push(Prisma.sql`d.status = 'revoked'`);
  if (input.fleetId) where.push(Prisma.sql`d.fleet_id = ${input.fleetId}::uuid`);
  if (input.modelId) where.push(Prisma.sql`d.model_id = ${input.modelId}::uuid`);
  if (input.firmwareVersion) where.push(Prisma.sql`d.firmware_version = ${input.firmwareVersion}`);
  if (input.search) {
    const pattern = `%${escapeLike(input.search)}%`;
    where.push(Prisma.sql`(d.id ILIKE ${pattern} OR d.attributes::text ILIKE ${pattern})`);
  }
  if (input.cursor) where.push(Prisma.sql`d.id > ${decodeCursor(input.cursor)}`);

  const page = await prisma.$queryRaw<{ id: string }[]>`
    SELECT d.id FROM devices d JOIN fleets f ON f.id = d.fleet_id
    WHERE ${Prisma.join(where, " AND ")}
    ORDER BY d.id LIMIT ${input.limit + 1}`;
  const ids = page.slice(0, input.limit).map((r) => r.id);
  const rows = await prisma.device.findMany({ where: { id: { in: ids } }, include: deviceInclude });
  const byId = new Map(rows.map((row) => [row.id, row]));
  const items = ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [toDevice(row)] : [];
  });
  const last = ids.at(-1);
  return { items, nextCursor: page.length > input.limit && last ? encodeCursor(last) : null };
}

/** One device of the caller's organisation with its fleet, model, certificates and PSK identities. */
export async function getDeviceOrThrow(prisma: PrismaClient, actor: Actor, input: TGetDeviceRequest) {
  const row = await prisma.device.findFirst({
    where: { id: input.deviceId, fleet: { organisationId: actor.organisationId } },
    include: {
      ...deviceInclude,
      certificates: {
        select: {
          id: true,
          serial: true,
          fingerprint: true,
          issuedAt: true,
          expiresAt: true,
          revokedAt: true,
          revocationReason: true,
        },
        orderBy: { issuedAt: "desc" },
      },
      psks: { select: { id: true, identity: true, createdAt: true, revokedAt: true }, orderBy: { createdAt: "desc" } },
    },
  });
  if (!row) throw new AppError("NOT_FOUND", `no device with id ${input.deviceId}`, { deviceId: input.deviceId });
  const now = new Date();
  const certificates = row.certificates.map((c) => ({
    ...c,
    issuedAt: iso(c.issuedAt),
    expiresAt: iso(c.expiresAt),
    revokedAt: iso(c.revokedAt),
    state: c.revokedAt ? ("revoked" as const) : c.expiresAt <= now ? ("expired" as const) : ("valid" as const),
  }));
  return {
    ...toDevice(row),
    certificates,
    certificateSummary: {
      total: certificates.length,
      valid: certificates.filter((c) => c.state === "valid").length,
      revoked: certificates.filter((c) => c.state === "revoked").length,
      expired: certificates.filter((c) => c.state === "expired").length,
    },
    psks: row.psks.map((p) => ({ ...p, createdAt: iso(p.createdAt), revokedAt: iso(p.revokedAt) })),
  };
}
