import { listRuleVersions } from "@fleetwire/rules-store";
import { ZRuleVersionsRequest } from "@fleetwire/rules-store/schemas";
import { procedure } from "../../trpc/init.ts";
import { actorOf } from "../actor.ts";

export const ruleVersionsRoute = procedure("rule:read")
  .input(ZRuleVersionsRequest)
  .query(({ ctx, input }) => listRuleVersions(ctx.prisma, actorOf(ctx), input));
