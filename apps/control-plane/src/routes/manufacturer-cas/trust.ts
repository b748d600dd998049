import { trustManufacturerCa } from "@fleetwire/registry";
import { ZTrustManufacturerCaRequest } from "@fleetwire/registry/schemas";
import { procedure } from "../../trpc/init.ts";
import { actorOf } from "../actor.ts";

export const trustManufacturerCaRoute = procedure("fleet:write")
  .input(ZTrustManufacturerCaRequest)
  .mutation(({ ctx, input }) => trustManufacturerCa(ctx.prisma, actorOf(ctx), input));
