import { listRules } from "@fleetwire/rules-store";
import { ZListRulesRequest } from "@fleetwire/rules-store/schemas";
import { getRuleServices } from "../../rules/rule-services.ts";
import { procedure } from "../../trpc/init.ts";
import { actorOf } from "../actor.ts";

export const listRulesRoute = procedure("rule:read")
  .input(ZListRulesRequest.optional())
  .query(({ ctx, input }) =>
    listRules({ prisma: ctx.prisma, redis: getRuleServices(ctx.env).redis }, actorOf(ctx), input),
  );
