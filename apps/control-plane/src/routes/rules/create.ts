import { createRule } from "@fleetwire/rules-store";
import { ZCreateRuleRequest } from "@fleetwire/rules-store/schemas";
import { getRuleServices } from "../../rules/rule-services.ts";
import { procedure } from "../../trpc/init.ts";
import { actorOf } from "../actor.ts";

export const createRuleRoute = procedure("rule:write")
  .input(ZCreateRuleRequest)
  .mutation(({ ctx, input }) =>
    createRule({ prisma: ctx.prisma, announce: getRuleServices(ctx.env).announce }, actorOf(ctx), input),
  );
