import { updateRule } from "@fleetwire/rules-store";
import { ZUpdateRuleRequest } from "@fleetwire/rules-store/schemas";
import { getRuleServices } from "../../rules/rule-services.ts";
import { procedure } from "../../trpc/init.ts";
import { actorOf } from "../actor.ts";

/** An invalid document answers 400 VALIDATION_FAILED with `data.details.errors` (path, positions, message). */
export const updateRuleRoute = procedure("rule:write")
  .input(ZUpdateRuleRequest)
  .mutation(({ ctx, input }) =>
    updateRule({ prisma: ctx.prisma, announce: getRuleServices(ctx.env).announce }, actorOf(ctx), input),
  );
