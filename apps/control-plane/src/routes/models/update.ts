import { updateDeviceModel } from "@fleetwire/registry";
import { ZUpdateDeviceModelRequest } from "@fleetwire/registry/schemas";
import { procedure } from "../../trpc/init.ts";
import { actorOf } from "../actor.ts";

export const updateModelRoute = procedure("fleet:write")
  .input(ZUpdateDeviceModelRequest)
  .mutation(({ ctx, input }) => updateDeviceModel(ctx.prisma, actorOf(ctx), input));
