import { listDeviceCertificates } from "@fleetwire/identity";
import { z } from "zod";
import { procedure } from "../../trpc/init.ts";
import { requireDeviceInOrganisation } from "../device-in-organisation.ts";

export const listCertificatesRoute = procedure("device:read")
  .input(z.object({ deviceId: z.string().min(1).max(128) }))
  .query(async ({ ctx, input }) => {
    await requireDeviceInOrganisation(ctx.prisma, ctx.caller, input.deviceId);
    return listDeviceCertificates(ctx.prisma, input.deviceId);
  });
