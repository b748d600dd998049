import { recordAudit, revokeApiToken } from "@fleetwire/access";
import { z } from "zod";
import { procedure } from "../../trpc/init.ts";

export const revokeTokenRoute = procedure("token:write")
  .input(z.object({ tokenId: z.uuid() }))
  .mutation(async ({ ctx, input }) => {
    await revokeApiToken(ctx.prisma, ctx.caller, input.tokenId);
    await recordAudit(ctx.prisma, {
      actor: { type: "operator", id: ctx.caller.operatorId },
      action: "token.revoke",
      target: { type: "api_token", id: input.tokenId },
      outcome: "success",
      sourceIp: ctx.ip,
    });
    return { revoked: true };
  });
