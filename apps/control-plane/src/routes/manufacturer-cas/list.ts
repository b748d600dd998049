import { listManufacturerCas } from "@fleetwire/registry";
import { ZListManufacturerCasRequest } from "@fleetwire/registry/schemas";
import { procedure } from "../../trpc/init.ts";
import { actorOf } from "../actor.ts";

export const listManufacturerCasRoute = procedure("fleet:read")
  .input(ZListManufacturerCasRequest.optional())
  .query(({ ctx, input }) => listManufacturerCas(ctx.prisma, actorOf(ctx), input));
