import { AppError } from "@fleetwire/core";
import { type PrismaClient, verifyPassword } from "@fleetwire/db";
import { recordAudit } from "./audit.ts";
import { createApiToken, SESSION_TOKEN_NAME } from "./tokens.ts";

export const SESSION_HOURS = 12;

/**
 * Email and password to a session token. Every attempt is audited; a failure never says whether
 * the email exists.
 */
export async function signInWithPassword(
  prisma: PrismaClient,
  input: { email: string; password: string; sourceIp?: string },
) {
  const email = input.email.trim().toLowerCase();
  const operator = await prisma.operator.findUnique({ where: { email } });
  const valid =
    operator?.passwordHash && !operator.disabled && (await verifyPassword(input.password, operator.passwordHash));
  if (!operator || !valid) {
    await recordAudit(prisma, {
      actor: { type: "operator", id: operator?.id ?? null },
      action: "operator.sign_in",
      outcome: "denied",
      reason: "wrong email or password",
      details: { email },
      sourceIp: input.sourceIp,
    });
    throw new AppError("UNAUTHENTICATED", "wrong email or password");
  }
  const session = await createApiToken(prisma, {
    operatorId: operator.id,
    name: SESSION_TOKEN_NAME,
    expiresAt: new Date(Date.now() + SESSION_HOURS * 3600_000),
  });
  await prisma.operator.update({ where: { id: operator.id }, data: { lastLoginAt: new Date() } });
  await recordAudit(prisma, {
    actor: { type: "operator", id: operator.id },
    action: "operator.sign_in",
    outcome: "success",
    sourceIp: input.sourceIp,
  });
  return {
    operator: {
      id: operator.id,
      email: operator.email,
      name: operator.displayName ?? operator.email,
      role: operator.role,
    },
    token: session.token,
    expiresAt: session.expiresAt,
  };
}
