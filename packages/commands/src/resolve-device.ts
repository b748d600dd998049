import { AppError } from "@fleetwire/core";
import type { PrismaClient } from "@fleetwire/db";

/** A device of the operator's organisation, or 404 (other organisations' devices do not exist for it). */
export async function requireOperatorDevice(
  prisma: Pick<PrismaClient, "device">,
  organisationId: string,
  deviceId: string,
): Promise<{ id: string; fleetId: string; online: boolean; organisationId: string }> {
  const device = await prisma.device.findFirst({
    where: { id: deviceId, fleet: { organisationId } },
    select: { id: true, fleetId: true, online: true },
  });
  if (!device) throw new AppError("NOT_FOUND", `no device ${deviceId}`, { reason: "unknown_device" });
  return { ...device, organisationId };
}
