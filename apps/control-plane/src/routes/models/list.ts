import { listDeviceModels } from "@fleetwire/registry";
import { ZListDeviceModelsRequest } from "@fleetwire/registry/schemas";
import { procedure } from "../../trpc/init.ts";
import { actorOf } from "../actor.ts";

export const listModelsRoute = procedure("fleet:read")
  .input(ZListDeviceModelsRequest.optional())
  .query(({ ctx, input }) => listDeviceModels(ctx.prisma, actorOf(ctx), input));
