import { dryRunRule } from "@fleetwire/rules-store";
import { ZDryRunRequest } from "@fleetwire/rules-store/schemas";
import { getRuleServices } from "../../rules/rule-services.ts";
import { procedure } from "../../trpc/init.ts";
import { actorOf } from "../actor.ts";

/** Read-only (nothing is routed), so rule:read: anyone who may see rules may try a draft. */
export const dryRunRuleRoute = procedure("rule:read")
  .input(ZDryRunRequest)
  .mutation(({ ctx, input }) =>
    dryRunRule({ prisma: ctx.prisma, redis: getRuleServices(ctx.env).redis }, actorOf(ctx), input),
  );
