import { ROLES, recordAudit } from "@fleetwire/access";
import { AppError } from "@fleetwire/core";
import { hashPassword } from "@fleetwire/db";
import { z } from "zod";
import { procedure } from "../../trpc/init.ts";

export const ZCreateOperatorRequest = z.object({
  email: z.email().max(254),
  displayName: z.string().trim().min(1).max(120).optional(),
  role: z.enum(ROLES),
  password: z.string().min(12, "at least 12 characters").max(256),
});

export const createOperatorRoute = procedure("operator:write")
  .input(ZCreateOperatorRequest)
  .mutation(async ({ ctx, input }) => {
    const email = input.email.toLowerCase();
    if (await ctx.prisma.operator.findUnique({ where: { email } })) {
      throw new AppError("CONFLICT", `an operator with email ${email} already exists`);
    }
    const operator = await ctx.prisma.operator.create({
      data: {
        organisationId: ctx.caller.organisationId,
        email,
        displayName: input.displayName ?? null,
        role: input.role,
        passwordHash: await hashPassword(input.password),
      },
      select: { id: true, email: true, displayName: true, role: true },
    });
    await recordAudit(ctx.prisma, {
      actor: { type: "operator", id: ctx.caller.operatorId },
      action: "operator.create",
      target: { type: "operator", id: operator.id },
      outcome: "success",
      details: { email, role: input.role },
      sourceIp: ctx.ip,
    });
    return operator;
  });
