import { revokeDevicePsk } from "@fleetwire/identity";
import { z } from "zod";
import { procedure } from "../../trpc/init.ts";
import { requireDeviceInOrganisation } from "../device-in-organisation.ts";

export const revokeDevicePskRoute = procedure("psk:write")
  .input(z.object({ deviceId: z.string().min(1).max(128), reason: z.string().trim().min(1).max(200) }))
  .mutation(async ({ ctx, input }) => {
    await requireDeviceInOrganisation(ctx.prisma, ctx.caller, input.deviceId);
    return revokeDevicePsk(await ctx.identity(), {
      ...input,
      actor: { type: "operator", id: ctx.caller.operatorId },
      sourceIp: ctx.ip,
    });
  });
