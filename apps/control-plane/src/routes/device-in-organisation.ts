import type { Caller } from "@fleetwire/access";
import { AppError } from "@fleetwire/core";
import type { PrismaClient } from "@fleetwire/db";

/** A device of the caller's organisation, or 404 (another organisation's devices do not exist for it). */
export async function requireDeviceInOrganisation(prisma: PrismaClient, caller: Caller, deviceId: string) {
  const device = await prisma.device.findFirst({
    where: { id: deviceId, fleet: { organisationId: caller.organisationId } },
    select: { id: true, fleetId: true, status: true },
  });
  if (!device) throw new AppError("NOT_FOUND", `no device ${deviceId}`, { reason: "unknown_device" });
  return device;
}
