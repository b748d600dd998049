import { type Caller, can, type Permission, resolveBearerToken } from "@fleetwire/access";
import { AppError } from "@fleetwire/core";
import type { PrismaClient } from "@fleetwire/db";
import type { FastifyRequest } from "fastify";

/** The plain-HTTP twin of tRPC's `procedure(permission)`: 401 without a valid token, 403 without the role. */
export async function authorizeRequest(
  prisma: PrismaClient,
  request: FastifyRequest,
  permission: Permission,
): Promise<Caller> {
  const header = request.headers.authorization;
  const token = header?.startsWith("Bearer ") ? header.slice(7).trim() : undefined;
  if (!token) throw new AppError("UNAUTHENTICATED", "sign in or send an API token");
  const caller = await resolveBearerToken(prisma, token);
  if (!can(caller.role, permission)) {
    throw new AppError("FORBIDDEN", `the ${caller.role} role may not do this (${permission})`);
  }
  return caller;
}
