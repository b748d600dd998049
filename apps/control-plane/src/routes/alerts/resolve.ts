import { resolveAlert } from "@fleetwire/rules-store";
import { ZResolveAlertRequest } from "@fleetwire/rules-store/schemas";
import { procedure } from "../../trpc/init.ts";
import { actorOf } from "../actor.ts";

export const resolveAlertRoute = procedure("alert:write")
  .input(ZResolveAlertRequest)
  .mutation(({ ctx, input }) => resolveAlert(ctx.prisma, actorOf(ctx), input));
