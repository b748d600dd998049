import { signInWithPassword } from "@fleetwire/access";
import { AppError } from "@fleetwire/core";
import { getPrisma } from "@fleetwire/db";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { ControlPlaneEnv } from "../../env.ts";

export const ZSignInRequest = z.object({
  email: z.string().trim().min(1).max(254),
  password: z.string().min(1).max(256),
});

/**
 * Password sign-in for the console (next-auth's credentials provider calls it server-side) and
 * for `fleetctl login`. Answers a session token the caller sends as `Authorization: Bearer`.
 */
export function registerSessionRoutes(app: FastifyInstance, env: ControlPlaneEnv) {
  const prisma = getPrisma(env.databaseUrl);
  app.post("/api/auth/session", async (request, reply) => {
    const parsed = ZSignInRequest.safeParse(request.body);
    if (!parsed.success) throw new AppError("BAD_REQUEST", "send JSON {email, password}");
    const session = await signInWithPassword(prisma, { ...parsed.data, sourceIp: request.ip });
    return reply.status(201).send(session);
  });
}
