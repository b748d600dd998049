import { diffRuleVersions } from "@fleetwire/rules-store";
import { ZRuleDiffRequest } from "@fleetwire/rules-store/schemas";
import { procedure } from "../../trpc/init.ts";
import { actorOf } from "../actor.ts";

/** Both versions' documents; the console shows the diff. */
export const diffRuleRoute = procedure("rule:read")
  .input(ZRuleDiffRequest)
  .query(({ ctx, input }) => diffRuleVersions(ctx.prisma, actorOf(ctx), input));
