import { isDeepStrictEqual } from "node:util";
import { AppError } from "@fleetwire/core";
import type { Prisma, PrismaClient } from "@fleetwire/db";
import type { Actor } from "./actor.ts";
import { auditedChange } from "./audited-change.ts";
import { checkTelemetrySchema, formatSchemaIssues } from "./check-telemetry-schema.ts";
import {
  type TCreateDeviceModelRequest,
  type TGetDeviceModelRequest,
  type TListDeviceModelsRequest,
  type TUpdateDeviceModelRequest,
  ZCreateDeviceModelRequest,
} from "./device-model.schema.ts";
import { getFleetOrThrow } from "./fleets.ts";
import { iso } from "./iso.ts";

const modelInclude = {
  defaultFleet: { select: { id: true, name: true, slug: true } },
  _count: { select: { devices: true, manufacturers: { where: { disabledAt: null } } } },
} satisfies Prisma.DeviceModelInclude;
type ModelRow = Prisma.DeviceModelGetPayload<{ include: typeof modelInclude }>;

function toModel(row: ModelRow) {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    telemetrySchema: row.telemetrySchema as Record<string, unknown>,
    schemaVersion: row.schemaVersion,
    defaultFleet: row.defaultFleet,
    outlierPolicy: row.outlierPolicy,
    deviceCount: row._count.devices,
    trustedCaCount: row._count.manufacturers,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}
export type DeviceModelView = ReturnType<typeof toModel>;

const nameTaken = (name: string) => `a device model named "${name}" already exists in this organisation`;

/** VALIDATION_FAILED naming each problem and where it is, e.g. `/properties/t/type must be ...`. */
function assertValidTelemetrySchema(schema: unknown) {
  const issues = checkTelemetrySchema(schema);
  if (issues.length > 0) {
    throw new AppError(
      "VALIDATION_FAILED",
      `telemetrySchema is not a valid JSON Schema (draft 2020-12): ${formatSchemaIssues(issues)}`,
      { field: "telemetrySchema", issues },
    );
  }
}

export async function listDeviceModels(prisma: PrismaClient, actor: Actor, input: TListDeviceModelsRequest = {}) {
  const search = input.search || undefined;
  const rows = await prisma.deviceModel.findMany({
    where: {
      organisationId: actor.organisationId,
      ...(input.fleetId && { defaultFleetId: input.fleetId }),
      ...(search && { name: { contains: search, mode: "insensitive" } }),
    },
    include: modelInclude,
    orderBy: { name: "asc" },
  });
  return rows.map(toModel);
}

export async function getDeviceModelOrThrow(
  prisma: PrismaClient | Prisma.TransactionClient,
  actor: Actor,
  input: TGetDeviceModelRequest,
) {
  const row = await prisma.deviceModel.findFirst({
    where: { id: input.modelId, organisationId: actor.organisationId },
    include: modelInclude,
  });
  if (!row) throw new AppError("NOT_FOUND", `no device model with id ${input.modelId}`, { modelId: input.modelId });
  return toModel(row);
}

export async function createDeviceModel(prisma: PrismaClient, actor: Actor, request: TCreateDeviceModelRequest) {
  const input = ZCreateDeviceModelRequest.parse(request);
  return auditedChange(
    prisma,
    actor,
    {
      action: "device_model.create",
      targetOf: (model: DeviceModelView) => ({ type: "device_model", id: model.id }),
      details: { name: input.name, defaultFleetId: input.defaultFleetId ?? null, outlierPolicy: input.outlierPolicy },
      conflictMessage: nameTaken(input.name),
    },
    async (tx) => {
      assertValidTelemetrySchema(input.telemetrySchema);
      if (input.defaultFleetId) await getFleetOrThrow(tx, actor, { fleetId: input.defaultFleetId });
      const taken = await tx.deviceModel.findUnique({
        where: { organisationId_name: { organisationId: actor.organisationId, name: input.name } },
      });
      if (taken) throw new AppError("CONFLICT", nameTaken(input.name), { name: input.name });
      const row = await tx.deviceModel.create({
        data: {
          organisationId: actor.organisationId,
          name: input.name,
          description: input.description || null,
          telemetrySchema: input.telemetrySchema as Prisma.InputJsonObject,
          defaultFleetId: input.defaultFleetId ?? null,
          outlierPolicy: input.outlierPolicy,
        },
        include: modelInclude,
      });
      return toModel(row);
    },
  );
}

export async function updateDeviceModel(prisma: PrismaClient, actor: Actor, input: TUpdateDeviceModelRequest) {
  const { modelId, telemetrySchema, ...changes } = input;
  return auditedChange(
    prisma,
    actor,
    {
      action: "device_model.update",
      target: { type: "device_model", id: modelId },
      details: { changes: { ...changes, telemetrySchema: telemetrySchema ? "(changed)" : undefined } },
      conflictMessage: nameTaken(input.name ?? ""),
    },
    async (tx) => {
      const current = await getDeviceModelOrThrow(tx, actor, { modelId });
      if (telemetrySchema) assertValidTelemetrySchema(telemetrySchema);
      if (changes.defaultFleetId) await getFleetOrThrow(tx, actor, { fleetId: changes.defaultFleetId });
      if (changes.name && changes.name !== current.name) {
        const taken = await tx.deviceModel.findUnique({
          where: { organisationId_name: { organisationId: actor.organisationId, name: changes.name } },
        });
        if (taken) throw new AppError("CONFLICT", nameTaken(changes.name), { name: changes.name });
      }
      // Ingest bridges recompile a model's validator when its schemaVersion moves, so bump it only
      // when the schema really changed.
      const schemaChanged =
        telemetrySchema !== undefined && !isDeepStrictEqual(telemetrySchema, current.telemetrySchema);
      const row = await tx.deviceModel.update({
        where: { id: modelId },
        data: {
          ...(changes.name !== undefined && { name: changes.name }),
          ...(changes.description !== undefined && { description: changes.description || null }),
          ...(changes.defaultFleetId !== undefined && { defaultFleetId: changes.defaultFleetId }),
          ...(changes.outlierPolicy !== undefined && { outlierPolicy: changes.outlierPolicy }),
          ...(schemaChanged && {
            telemetrySchema: telemetrySchema as Prisma.InputJsonObject,
            schemaVersion: { increment: 1 },
          }),
        },
        include: modelInclude,
      });
      return toModel(row);
    },
  );
}
