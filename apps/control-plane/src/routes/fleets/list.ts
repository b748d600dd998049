import { listFleets } from "@fleetwire/registry";
import { ZListFleetsRequest } from "@fleetwire/registry/schemas";
import { procedure } from "../../trpc/init.ts";
import { actorOf } from "../actor.ts";

export const listFleetsRoute = procedure("fleet:read")
  .input(ZListFleetsRequest.optional())
  .query(({ ctx, input }) => listFleets(ctx.prisma, actorOf(ctx), input));
