import { removeManufacturerCa } from "@fleetwire/registry";
import { ZRemoveManufacturerCaRequest } from "@fleetwire/registry/schemas";
import { procedure } from "../../trpc/init.ts";
import { actorOf } from "../actor.ts";

export const removeManufacturerCaRoute = procedure("fleet:write")
  .input(ZRemoveManufacturerCaRequest)
  .mutation(({ ctx, input }) => removeManufacturerCa(ctx.prisma, actorOf(ctx), input));
