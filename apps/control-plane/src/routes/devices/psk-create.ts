import { createDevicePsk } from "@fleetwire/identity";
import { z } from "zod";
import { procedure } from "../../trpc/init.ts";
import { requireDeviceInOrganisation } from "../device-in-organisation.ts";

/** Gives a device a TLS-PSK (identity = device id); the key is in this answer only. */
export const createDevicePskRoute = procedure("psk:write")
  .input(z.object({ deviceId: z.string().min(1).max(128) }))
  .mutation(async ({ ctx, input }) => {
    await requireDeviceInOrganisation(ctx.prisma, ctx.caller, input.deviceId);
    return createDevicePsk(await ctx.identity(), {
      deviceId: input.deviceId,
      actor: { type: "operator", id: ctx.caller.operatorId },
      sourceIp: ctx.ip,
    });
  });
