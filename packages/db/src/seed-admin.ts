import type { PrismaClient } from "./generated/prisma/client.ts";
import { hashPassword } from "./password.ts";

export { hashPassword, verifyPassword } from "./password.ts";

export const DEFAULT_ORGANISATION = { name: "Default organisation", slug: "default" } as const;

/**
 * Makes sure the operator named by FLEETWIRE_ADMIN_EMAIL exists, as an admin of the first
 * organisation (created as "Default organisation" when there is none). Idempotent and safe to run
 * from several processes at once: an existing operator is left exactly as it is (its password is
 * not reset), so changing the password in the console survives restarts.
 */
export async function ensureAdminOperator(prisma: PrismaClient, admin: { email: string; password: string }) {
  const email = admin.email.trim().toLowerCase();
  const existing = await prisma.operator.findUnique({ where: { email } });
  if (existing) return { operator: existing, created: false };

  const organisation = await firstOrganisation(prisma);

  const passwordHash = await hashPassword(admin.password);
  try {
    const operator = await prisma.operator.create({
      data: { email, passwordHash, role: "admin", organisationId: organisation.id, displayName: "Administrator" },
    });
    return { operator, created: true };
  } catch (error) {
    // Another process created it between our read and our write.
    if ((error as { code?: string }).code !== "P2002") throw error;
    return { operator: await prisma.operator.findUniqueOrThrow({ where: { email } }), created: false };
  }
}

async function firstOrganisation(prisma: PrismaClient) {
  const first = () => prisma.organisation.findFirst({ orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  const existing = await first();
  if (existing) return existing;
  try {
    return await prisma.organisation.create({ data: DEFAULT_ORGANISATION });
  } catch (error) {
    if ((error as { code?: string }).code !== "P2002") throw error;
    return prisma.organisation.findUniqueOrThrow({ where: { slug: DEFAULT_ORGANISATION.slug } });
  }
}
