import { getRuleOrThrow } from "@fleetwire/rules-store";
import { ZGetRuleRequest } from "@fleetwire/rules-store/schemas";
import { getRuleServices } from "../../rules/rule-services.ts";
import { procedure } from "../../trpc/init.ts";
import { actorOf } from "../actor.ts";

export const getRuleRoute = procedure("rule:read")
  .input(ZGetRuleRequest)
  .query(({ ctx, input }) =>
    getRuleOrThrow({ prisma: ctx.prisma, redis: getRuleServices(ctx.env).redis }, actorOf(ctx), input),
  );
