import { createHash, randomBytes } from "node:crypto";
import { AppError } from "@fleetwire/core";
import type { PrismaClient } from "@fleetwire/db";
import type { Role } from "./permissions.ts";

/**
 * Bearer tokens for the operator API. Console sign-ins and `fleetctl token create` both get one:
 * a random secret shown once, stored only as its SHA-256. Sessions are tokens that expire.
 */
const TOKEN_PREFIX = "fwt_";
export const SESSION_TOKEN_NAME = "console session";

export interface Caller {
  operatorId: string;
  organisationId: string;
  email: string;
  role: Role;
  tokenId: string;
}

const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");

export async function createApiToken(
  prisma: PrismaClient,
  input: { operatorId: string; name: string; expiresAt?: Date | null },
): Promise<{ id: string; token: string; prefix: string; expiresAt: Date | null }> {
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  const prefix = token.slice(0, TOKEN_PREFIX.length + 6);
  const row = await prisma.apiToken.create({
    data: {
      operatorId: input.operatorId,
      name: input.name,
      tokenHash: sha256(token),
      prefix,
      expiresAt: input.expiresAt ?? null,
    },
  });
  return { id: row.id, token, prefix, expiresAt: row.expiresAt };
}

/** The operator behind a bearer token, or UNAUTHENTICATED for an unknown, expired or revoked one. */
export async function resolveBearerToken(prisma: PrismaClient, token: string): Promise<Caller> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 128) {
    throw new AppError("UNAUTHENTICATED", "the bearer token is not a Fleetwire token");
  }
  const row = await prisma.apiToken.findUnique({ where: { tokenHash: sha256(token) }, include: { operator: true } });
  const now = new Date();
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= now) || row.operator.disabled) {
    throw new AppError("UNAUTHENTICATED", "the token is unknown, expired or revoked");
  }
  // Touch last_used_at at most once a minute: a write per request would be wasted load.
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
    await prisma.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now } });
  }
  return {
    operatorId: row.operator.id,
    organisationId: row.operator.organisationId,
    email: row.operator.email,
    role: row.operator.role,
    tokenId: row.id,
  };
}

export async function revokeApiToken(prisma: PrismaClient, caller: Caller, tokenId: string): Promise<void> {
  const row = await prisma.apiToken.findUnique({ where: { id: tokenId }, include: { operator: true } });
  // Operators revoke their own tokens; admins any token in their organisation.
  const allowed =
    row &&
    (row.operatorId === caller.operatorId ||
      (caller.role === "admin" && row.operator.organisationId === caller.organisationId));
  if (!row || !allowed) throw new AppError("NOT_FOUND", "no such token");
  if (!row.revokedAt) await prisma.apiToken.update({ where: { id: tokenId }, data: { revokedAt: new Date() } });
}

export async function listApiTokens(prisma: PrismaClient, caller: Caller) {
  return prisma.apiToken.findMany({
    where: { operatorId: caller.operatorId, name: { not: SESSION_TOKEN_NAME } },
    select: { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, expiresAt: true, revokedAt: true },
    orderBy: { createdAt: "desc" },
  });
}
