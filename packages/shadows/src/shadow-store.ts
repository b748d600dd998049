import type { Prisma, PrismaClient } from "@fleetwire/db";
import { computeDelta } from "./compute-delta.ts";
import type { JsonObject } from "./json-document.ts";
import type { TShadowView } from "./schemas.ts";
import { EMPTY_SHADOW, type ShadowDocument, type ShadowMetadata } from "./shadow-document.ts";

interface ShadowRow {
  desired: unknown;
  reported: unknown;
  metadata: unknown;
  version: number;
  updatedAt: Date | null;
}

function toDocument(row: ShadowRow): ShadowDocument {
  const metadata = (row.metadata ?? {}) as Partial<ShadowMetadata>;
  return {
    desired: (row.desired ?? {}) as JsonObject,
    reported: (row.reported ?? {}) as JsonObject,
    metadata: { desired: metadata.desired ?? {}, reported: metadata.reported ?? {} },
    version: row.version,
  };
}

export function toShadowView(deviceId: string, doc: ShadowDocument, updatedAt: Date | null): TShadowView {
  return {
    deviceId,
    version: doc.version,
    desired: doc.desired,
    reported: doc.reported,
    delta: computeDelta(doc.desired, doc.reported),
    metadata: doc.metadata,
    updatedAt: updatedAt ? updatedAt.toISOString() : null,
  };
}

/** The shadow as stored; a device that never had one has the empty shadow at version 0. */
export async function readShadow(prisma: Pick<PrismaClient, "shadow">, deviceId: string): Promise<TShadowView> {
  const row = await prisma.shadow.findUnique({ where: { deviceId } });
  return row ? toShadowView(deviceId, toDocument(row), row.updatedAt) : toShadowView(deviceId, EMPTY_SHADOW, null);
}

/**
 * The shadow row locked for this transaction (created empty if missing), so concurrent writers
 * of one device take turns and the version check cannot race.
 */
export async function lockShadow(tx: Prisma.TransactionClient, deviceId: string): Promise<ShadowDocument> {
  await tx.$executeRaw`insert into shadows (device_id) values (${deviceId}) on conflict (device_id) do nothing`;
  const rows = await tx.$queryRaw<ShadowRow[]>`
    select desired, reported, metadata, version, updated_at as "updatedAt"
    from shadows where device_id = ${deviceId} for update`;
  const row = rows[0];
  if (!row) throw new Error(`shadow row of ${deviceId} vanished inside its transaction`);
  return toDocument(row);
}

export async function writeShadow(tx: Prisma.TransactionClient, deviceId: string, doc: ShadowDocument): Promise<Date> {
  const row = await tx.shadow.update({
    where: { deviceId },
    data: {
      desired: doc.desired as Prisma.InputJsonObject,
      reported: doc.reported as Prisma.InputJsonObject,
      metadata: doc.metadata as unknown as Prisma.InputJsonObject,
      version: doc.version,
    },
    select: { updatedAt: true },
  });
  return row.updatedAt;
}
