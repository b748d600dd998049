import { AppError } from "@fleetwire/core";
import type { Prisma, PrismaClient } from "@fleetwire/db";
import type { Actor } from "./actor.ts";
import { auditedChange } from "./audited-change.ts";
import type { TCreateFleetRequest, TGetFleetRequest, TListFleetsRequest, TUpdateFleetRequest } from "./fleet.schema.ts";
import { iso } from "./iso.ts";

const fleetInclude = { _count: { select: { devices: true, defaultFor: true } } } satisfies Prisma.FleetInclude;
type FleetRow = Prisma.FleetGetPayload<{ include: typeof fleetInclude }>;

function toFleet(row: FleetRow) {
  return {
    id: row.id,
    name: row.name,
    slug: row.slug,
    description: row.description,
    deviceCount: row._count.devices,
    modelCount: row._count.defaultFor,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}
export type FleetView = ReturnType<typeof toFleet>;

const slugTaken = (slug: string) => `a fleet with slug "${slug}" already exists in this organisation`;

export async function listFleets(prisma: PrismaClient, actor: Actor, input: TListFleetsRequest = {}) {
  const search = input.search || undefined;
  const rows = await prisma.fleet.findMany({
    where: {
      organisationId: actor.organisationId,
      ...(search && {
        OR: [{ name: { contains: search, mode: "insensitive" } }, { slug: { contains: search, mode: "insensitive" } }],
      }),
    },
    include: fleetInclude,
    orderBy: { name: "asc" },
  });
  return rows.map(toFleet);
}

/** A fleet of the caller's organisation, or NOT_FOUND (other organisations' fleets do not exist for them). */
export async function getFleetOrThrow(
  prisma: PrismaClient | Prisma.TransactionClient,
  actor: Actor,
  input: TGetFleetRequest,
) {
  const row = await prisma.fleet.findFirst({
    where: { id: input.fleetId, organisationId: actor.organisationId },
    include: fleetInclude,
  });
  if (!row) throw new AppError("NOT_FOUND", `no fleet with id ${input.fleetId}`, { fleetId: input.fleetId });
  return toFleet(row);
}

export async function createFleet(prisma: PrismaClient, actor: Actor, input: TCreateFleetRequest) {
  return auditedChange(
    prisma,
    actor,
    {
      action: "fleet.create",
      targetOf: (fleet: FleetView) => ({ type: "fleet", id: fleet.id }),
      details: { name: input.name, slug: input.slug },
      conflictMessage: slugTaken(input.slug),
    },
    async (tx) => {
      const taken = await tx.fleet.findUnique({
        where: { organisationId_slug: { organisationId: actor.organisationId, slug: input.slug } },
      });
      if (taken) throw new AppError("CONFLICT", slugTaken(input.slug), { slug: input.slug });
      const row = await tx.fleet.create({
        data: {
          organisationId: actor.organisationId,
          name: input.name,
          slug: input.slug,
          description: input.description || null,
        },
        include: fleetInclude,
      });
      return toFleet(row);
    },
  );
}

export async function updateFleet(prisma: PrismaClient, actor: Actor, input: TUpdateFleetRequest) {
  const { fleetId, ...changes } = input;
  return auditedChange(
    prisma,
    actor,
    {
      action: "fleet.update",
      target: { type: "fleet", id: fleetId },
      details: { changes },
      conflictMessage: slugTaken(input.slug ?? ""),
    },
    async (tx) => {
      const current = await getFleetOrThrow(tx, actor, { fleetId });
      if (changes.slug && changes.slug !== current.slug) {
        const taken = await tx.fleet.findUnique({
          where: { organisationId_slug: { organisationId: actor.organisationId, slug: changes.slug } },
        });
        if (taken) throw new AppError("CONFLICT", slugTaken(changes.slug), { slug: changes.slug });
      }
      const row = await tx.fleet.update({
        where: { id: fleetId },
        data: {
          ...(changes.name !== undefined && { name: changes.name }),
          ...(changes.slug !== undefined && { slug: changes.slug }),
          ...(changes.description !== undefined && { description: changes.description || null }),
        },
        include: fleetInclude,
      });
      return toFleet(row);
    },
  );
}
