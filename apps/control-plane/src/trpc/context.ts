import type { CreateFastifyContextOptions } from "@trpc/server/adapters/fastify";
import type { ControlPlaneEnv } from "../env.ts";

export function createContext(env: ControlPlaneEnv) {
  return ({ req }: CreateFastifyContextOptions) => ({ env, ip: req.ip });
}

export type Context = Awaited<ReturnType<ReturnType<typeof createContext>>>;
