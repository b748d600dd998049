import { revokeDeviceCertificates } from "@fleetwire/identity";
import { ZDeviceId, ZRevokeCertificateRequest } from "@fleetwire/identity/schemas";
import { procedure } from "../../trpc/init.ts";
import { requireDeviceInOrganisation } from "../device-in-organisation.ts";

export const revokeCertificateRoute = procedure("certificate:revoke")
  .input(ZRevokeCertificateRequest.extend({ deviceId: ZDeviceId }))
  .mutation(async ({ ctx, input }) => {
    await requireDeviceInOrganisation(ctx.prisma, ctx.caller, input.deviceId);
    return revokeDeviceCertificates(await ctx.identity(), {
      ...input,
      actor: { type: "operator", id: ctx.caller.operatorId },
      sourceIp: ctx.ip,
    });
  });
