import { randomBytes, randomUUID } from "node:crypto";
import type { DeviceStatus, OperatorRole, Prisma, PrismaClient } from "../generated/prisma/client.ts";
import { hashPassword } from "../password.ts";

/**
 * Seed factories that double as test fixtures. Every call makes fresh, uniquely named rows (and
 * the parents it needs when none are given), so tests create their own data and can run in
 * parallel against one real database without cleaning up after each other.
 */
export function uniqueSuffix(): string {
  return randomBytes(5).toString("hex");
}

/** A device model's telemetry JSON Schema for tests: temperature and humidity readings. */
export const SAMPLE_TELEMETRY_SCHEMA = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  type: "object",
  properties: {
    temperature: { type: "number" },
    humidity: { type: "number", minimum: 0, maximum: 100 },
  },
  required: ["temperature"],
  additionalProperties: false,
} as const;

export async function seedOrganisation(
  prisma: PrismaClient,
  data: Partial<Prisma.OrganisationUncheckedCreateInput> = {},
) {
  const suffix = uniqueSuffix();
  return prisma.organisation.create({ data: { name: `Org ${suffix}`, slug: `org-${suffix}`, ...data } });
}

export async function seedFleet(prisma: PrismaClient, data: Partial<Prisma.FleetUncheckedCreateInput> = {}) {
  const suffix = uniqueSuffix();
  const organisationId = data.organisationId ?? (await seedOrganisation(prisma)).id;
  return prisma.fleet.create({ data: { name: `Fleet ${suffix}`, slug: `fleet-${suffix}`, ...data, organisationId } });
}

export async function seedDeviceModel(
  prisma: PrismaClient,
  data: Partial<Prisma.DeviceModelUncheckedCreateInput> = {},
) {
  const suffix = uniqueSuffix();
  let { organisationId, defaultFleetId } = data;
  if (!organisationId) {
    const fleet = defaultFleetId
      ? await prisma.fleet.findUniqueOrThrow({ where: { id: defaultFleetId } })
      : await seedFleet(prisma);
    organisationId = fleet.organisationId;
    defaultFleetId ??= fleet.id;
  }
  return prisma.deviceModel.create({
    data: {
      name: `model-${suffix}`,
      telemetrySchema: SAMPLE_TELEMETRY_SCHEMA,
      ...data,
      organisationId,
      defaultFleetId: defaultFleetId ?? null,
    },
  });
}

export async function seedDevice(
  prisma: PrismaClient,
  data: Partial<Prisma.DeviceUncheckedCreateInput> & { status?: DeviceStatus } = {},
) {
  let { fleetId, modelId } = data;
  if (!modelId) {
    const model = await seedDeviceModel(prisma, fleetId ? { defaultFleetId: fleetId } : {});
    modelId = model.id;
    fleetId ??= model.defaultFleetId ?? undefined;
  }
  if (!fleetId) {
    const model = await prisma.deviceModel.findUniqueOrThrow({ where: { id: modelId } });
    fleetId = model.defaultFleetId ?? (await seedFleet(prisma, { organisationId: model.organisationId })).id;
  }
  return prisma.device.create({
    data: { id: `dev-${uniqueSuffix()}`, firmwareVersion: "1.0.0", ...data, fleetId, modelId },
  });
}

/** An operator with the given role and a known password (returned in plain text for sign-in tests). */
export async function seedOperator(
  prisma: PrismaClient,
  role: OperatorRole,
  data: Partial<Prisma.OperatorUncheckedCreateInput> & { password?: string } = {},
) {
  const { password = `pw-${randomUUID()}`, ...rest } = data;
  const organisationId = rest.organisationId ?? (await seedOrganisation(prisma)).id;
  const operator = await prisma.operator.create({
    data: {
      email: `${role.replace("_", "-")}-${uniqueSuffix()}@test.fleetwire.local`,
      passwordHash: await hashPassword(password),
      role,
      ...rest,
      organisationId,
    },
  });
  return { ...operator, password };
}
