import { listDevices } from "@fleetwire/registry";
import { ZListDevicesRequest } from "@fleetwire/registry/schemas";
import { procedure } from "../../trpc/init.ts";
import { actorOf } from "../actor.ts";

export const listDevicesRoute = procedure("device:read")
  .input(ZListDevicesRequest.optional())
  .query(({ ctx, input }) => listDevices(ctx.prisma, actorOf(ctx), input));
