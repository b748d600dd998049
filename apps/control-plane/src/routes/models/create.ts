import { createDeviceModel } from "@fleetwire/registry";
import { ZCreateDeviceModelRequest } from "@fleetwire/registry/schemas";
import { procedure } from "../../trpc/init.ts";
import { actorOf } from "../actor.ts";

export const createModelRoute = procedure("fleet:write")
  .input(ZCreateDeviceModelRequest)
  .mutation(({ ctx, input }) => createDeviceModel(ctx.prisma, actorOf(ctx), input));
