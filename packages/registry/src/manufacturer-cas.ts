import { AppError } from "@fleetwire/core";
import type { Prisma, PrismaClient } from "@fleetwire/db";
import type { Actor } from "./actor.ts";
import { auditedChange } from "./audited-change.ts";
import { getDeviceModelOrThrow } from "./device-models.ts";
import { getFleetOrThrow } from "./fleets.ts";
import { iso } from "./iso.ts";
import type {
  TListManufacturerCasRequest,
  TRemoveManufacturerCaRequest,
  TTrustManufacturerCaRequest,
} from "./manufacturer-ca.schema.ts";
import { parseCaCertificate } from "./parse-ca-certificate.ts";

const caInclude = {
  model: { select: { id: true, name: true } },
  fleet: { select: { id: true, name: true, slug: true } },
  createdBy: { select: { id: true, email: true } },
} satisfies Prisma.TrustedManufacturerCaInclude;
type CaRow = Prisma.TrustedManufacturerCaGetPayload<{ include: typeof caInclude }>;

function toCa(row: CaRow, now = new Date()) {
  return {
    id: row.id,
    name: row.name,
    subject: row.subject,
    fingerprint: row.fingerprint,
    notBefore: iso(row.notBefore),
    notAfter: iso(row.notAfter),
    expired: row.notAfter <= now,
    scope: row.model
      ? { type: "model" as const, id: row.model.id, name: row.model.name }
      : { type: "fleet" as const, id: row.fleet?.id ?? "", name: row.fleet?.name ?? "" },
    isTest: row.isTest,
    createdBy: row.createdBy,
    createdAt: iso(row.createdAt),
    removedAt: iso(row.disabledAt),
    pem: row.pem,
  };
}
export type ManufacturerCaView = ReturnType<typeof toCa>;

export async function listManufacturerCas(prisma: PrismaClient, actor: Actor, input: TListManufacturerCasRequest = {}) {
  const rows = await prisma.trustedManufacturerCa.findMany({
    where: {
      organisationId: actor.organisationId,
      ...(input.modelId && { modelId: input.modelId }),
      ...(input.fleetId && { fleetId: input.fleetId }),
      ...(!input.includeRemoved && { disabledAt: null }),
    },
    include: caInclude,
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
  });
  const now = new Date();
  return rows.map((row) => toCa(row, now));
}

/** Trusts an uploaded manufacturer CA for bootstrap certificates of one model or one fleet. */
export async function trustManufacturerCa(prisma: PrismaClient, actor: Actor, input: TTrustManufacturerCaRequest) {
  const scope = input.modelId ? { modelId: input.modelId } : { fleetId: input.fleetId };
  return auditedChange(
    prisma,
    actor,
    {
      action: "manufacturer_ca.trust",
      targetOf: (ca: ManufacturerCaView) => ({ type: "manufacturer_ca", id: ca.id }),
      details: { ...scope, name: input.name },
    },
    async (tx) => {
      if ((input.modelId === undefined) === (input.fleetId === undefined)) {
        throw new AppError("BAD_REQUEST", "trust the CA for exactly one device model or one fleet");
      }
      const cert = parseCaCertificate(input.pem);
      if (input.modelId) await getDeviceModelOrThrow(tx, actor, { modelId: input.modelId });
      if (input.fleetId) await getFleetOrThrow(tx, actor, { fleetId: input.fleetId });
      const duplicate = await tx.trustedManufacturerCa.findFirst({
        where: { organisationId: actor.organisationId, fingerprint: cert.fingerprint, disabledAt: null, ...scope },
      });
      if (duplicate) {
        throw new AppError("CONFLICT", `this CA (sha256 ${cert.fingerprint}) is already trusted here`, {
          caId: duplicate.id,
        });
      }
      const row = await tx.trustedManufacturerCa.create({
        data: {
          organisationId: actor.organisationId,
          name: input.name ?? cert.commonName ?? cert.subject,
          pem: cert.pem,
          subject: cert.subject,
          fingerprint: cert.fingerprint,
          notBefore: cert.notBefore,
          notAfter: cert.notAfter,
          modelId: input.modelId ?? null,
          fleetId: input.fleetId ?? null,
          createdById: actor.operatorId,
        },
        include: caInclude,
      });
      return toCa(row);
    },
  );
}

/**
 * Stops trusting a manufacturer CA: provisioning refuses its bootstrap certificates from now on.
 * The row stays (disabled_at set) so the audit trail can still name what was trusted.
 */
export async function removeManufacturerCa(prisma: PrismaClient, actor: Actor, input: TRemoveManufacturerCaRequest) {
  return auditedChange(
    prisma,
    actor,
    { action: "manufacturer_ca.remove", target: { type: "manufacturer_ca", id: input.caId } },
    async (tx) => {
      const row = await tx.trustedManufacturerCa.findFirst({
        where: { id: input.caId, organisationId: actor.organisationId, disabledAt: null },
      });
      if (!row) throw new AppError("NOT_FOUND", `no trusted manufacturer CA with id ${input.caId}`);
      const removed = await tx.trustedManufacturerCa.update({
        where: { id: row.id },
        data: { disabledAt: new Date() },
        include: caInclude,
      });
      return toCa(removed);
    },
  );
}
