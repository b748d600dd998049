import { listApiTokens } from "@fleetwire/access";
import { procedure } from "../../trpc/init.ts";

export const listTokensRoute = procedure("token:write").query(({ ctx }) => listApiTokens(ctx.prisma, ctx.caller));
