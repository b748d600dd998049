import type { PrismaClient } from "@fleetwire/db";
import type { DeviceEntry, LoadDevice } from "./device-directory.ts";
import type { LoadModelSchema } from "./model-schema-cache.ts";

type Db = Pick<PrismaClient, "device" | "deviceModel">;

/** Loads a device and its model's schema version from PostgreSQL. */
export function prismaDeviceLoader(prisma: Db): LoadDevice {
  return async (deviceId) => {
    const row = await prisma.device.findUnique({
      where: { id: deviceId },
      select: { id: true, fleetId: true, modelId: true, status: true, model: { select: { schemaVersion: true } } },
    });
    if (!row) return null;
    const entry: DeviceEntry = {
      id: row.id,
      fleetId: row.fleetId,
      modelId: row.modelId,
      modelSchemaVersion: row.model.schemaVersion,
      status: row.status,
    };
    return entry;
  };
}

/** Loads a model's telemetry JSON Schema (only when its version is new to this process). */
export function prismaModelSchemaLoader(prisma: Db): LoadModelSchema {
  return async (modelId) =>
    prisma.deviceModel.findUnique({
      where: { id: modelId },
      select: { schemaVersion: true, telemetrySchema: true },
    });
}
