import { setRuleEnabled } from "@fleetwire/rules-store";
import { ZSetRuleEnabledRequest } from "@fleetwire/rules-store/schemas";
import { getRuleServices } from "../../rules/rule-services.ts";
import { procedure } from "../../trpc/init.ts";
import { actorOf } from "../actor.ts";

export const setRuleEnabledRoute = procedure("rule:write")
  .input(ZSetRuleEnabledRequest)
  .mutation(({ ctx, input }) =>
    setRuleEnabled({ prisma: ctx.prisma, announce: getRuleServices(ctx.env).announce }, actorOf(ctx), input),
  );
