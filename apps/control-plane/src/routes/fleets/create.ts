import { createFleet } from "@fleetwire/registry";
import { ZCreateFleetRequest } from "@fleetwire/registry/schemas";
import { procedure } from "../../trpc/init.ts";
import { actorOf } from "../actor.ts";

export const createFleetRoute = procedure("fleet:write")
  .input(ZCreateFleetRequest)
  .mutation(({ ctx, input }) => createFleet(ctx.prisma, actorOf(ctx), input));
