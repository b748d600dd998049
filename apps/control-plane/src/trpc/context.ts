import { type Caller, resolveBearerToken } from "@fleetwire/access";
import { getPrisma } from "@fleetwire/db";
import type { CreateFastifyContextOptions } from "@trpc/server/adapters/fastify";
import type { ControlPlaneEnv } from "../env.ts";
import { getIdentityServices } from "../identity/identity-services.ts";

/** Per request: the settings, the database, and the caller behind the bearer token (if any). */
export function createContext(env: ControlPlaneEnv) {
  const prisma = getPrisma(env.databaseUrl);
  return async ({ req }: CreateFastifyContextOptions) => {
    const header = req.headers.authorization;
    const token = header?.startsWith("Bearer ") ? header.slice(7).trim() : undefined;
    let caller: Caller | undefined;
    let authError: unknown;
    if (token) {
      try {
        caller = await resolveBearerToken(prisma, token);
      } catch (error) {
        authError = error;
      }
    }
    return { env, prisma, ip: req.ip, caller, authError, identity: () => getIdentityServices(env) };
  };
}

export type Context = Awaited<ReturnType<ReturnType<typeof createContext>>>;
