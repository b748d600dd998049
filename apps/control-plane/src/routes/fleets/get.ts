import { getFleetOrThrow } from "@fleetwire/registry";
import { ZGetFleetRequest } from "@fleetwire/registry/schemas";
import { procedure } from "../../trpc/init.ts";
import { actorOf } from "../actor.ts";

export const getFleetRoute = procedure("fleet:read")
  .input(ZGetFleetRequest)
  .query(({ ctx, input }) => getFleetOrThrow(ctx.prisma, actorOf(ctx), input));
