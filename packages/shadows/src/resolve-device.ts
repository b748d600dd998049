import { AppError } from "@fleetwire/core";
import type { PrismaClient } from "@fleetwire/db";
import type { ShadowActor } from "./shadow-deps.ts";

/**
 * The device a caller may use: an operator only sees devices of its organisation (others answer
 * 404, as if they did not exist); a device only its own shadow (403).
 */
export async function resolveShadowDevice(
  prisma: Pick<PrismaClient, "device">,
  actor: ShadowActor,
  deviceId: string,
): Promise<{ id: string; fleetId: string; organisationId: string }> {
  if (actor.type === "device" && actor.deviceId !== deviceId) {
    throw new AppError("FORBIDDEN", `device ${actor.deviceId} may not use the shadow of ${deviceId}`, {
      reason: "other_device",
    });
  }
  const device = await prisma.device.findFirst({
    where: {
      id: deviceId,
      ...(actor.type === "operator" ? { fleet: { organisationId: actor.organisationId } } : {}),
    },
    select: { id: true, fleetId: true, fleet: { select: { organisationId: true } } },
  });
  if (!device) throw new AppError("NOT_FOUND", `no device ${deviceId}`, { reason: "unknown_device" });
  return { id: device.id, fleetId: device.fleetId, organisationId: device.fleet.organisationId };
}
