import { createApiToken, recordAudit } from "@fleetwire/access";
import { z } from "zod";
import { procedure } from "../../trpc/init.ts";

export const ZCreateTokenRequest = z.object({
  name: z.string().trim().min(1).max(80),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});

export const createTokenRoute = procedure("token:write")
  .input(ZCreateTokenRequest)
  .mutation(async ({ ctx, input }) => {
    const expiresAt = input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null;
    const created = await createApiToken(ctx.prisma, {
      operatorId: ctx.caller.operatorId,
      name: input.name,
      expiresAt,
    });
    await recordAudit(ctx.prisma, {
      actor: { type: "operator", id: ctx.caller.operatorId },
      action: "token.create",
      target: { type: "api_token", id: created.id },
      outcome: "success",
      details: { name: input.name, prefix: created.prefix },
      sourceIp: ctx.ip,
    });
    return created;
  });
