import { listAlerts } from "@fleetwire/rules-store";
import { ZListAlertsRequest } from "@fleetwire/rules-store/schemas";
import { procedure } from "../../trpc/init.ts";
import { actorOf } from "../actor.ts";

export const listAlertsRoute = procedure("device:read")
  .input(ZListAlertsRequest.optional())
  .query(({ ctx, input }) => listAlerts(ctx.prisma, actorOf(ctx), input));
