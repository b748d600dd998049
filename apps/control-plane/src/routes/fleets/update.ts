import { updateFleet } from "@fleetwire/registry";
import { ZUpdateFleetRequest } from "@fleetwire/registry/schemas";
import { procedure } from "../../trpc/init.ts";
import { actorOf } from "../actor.ts";

export const updateFleetRoute = procedure("fleet:write")
  .input(ZUpdateFleetRequest)
  .mutation(({ ctx, input }) => updateFleet(ctx.prisma, actorOf(ctx), input));
