import { isAppError } from "@fleetwire/core";
import { fastifyTRPCPlugin } from "@trpc/server/adapters/fastify";
import Fastify from "fastify";
import type { ControlPlaneEnv } from "../env.ts";
import { checkPlatformHealth } from "../health/check-platform-health.ts";
import { getIdentityServices } from "../identity/identity-services.ts";
import { createContext } from "../trpc/context.ts";
import { appRouter } from "../trpc/router.ts";
import { registerCommandRoutes } from "./routes/command-routes.ts";
import { registerEmqxRoutes } from "./routes/emqx-routes.ts";
import { registerPkiPublicRoutes } from "./routes/pki-public.ts";
import { registerRevokeCertificateRoute } from "./routes/revoke-certificate.ts";
import { registerSessionRoutes } from "./routes/session.ts";
import { registerShadowRoutes } from "./routes/shadow-routes.ts";

/** The operator-facing HTTP service: health, the tRPC API and plain JSON endpoints. */
export function buildServer(env: ControlPlaneEnv) {
  const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });

  app.setErrorHandler((error, _request, reply) => {
    if (isAppError(error)) return reply.status(error.httpStatus).send(error.toJSON());
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    const message = status >= 500 ? "internal error" : (error as Error).message;
    return reply.status(status).send({ error: { code: status >= 500 ? "INTERNAL" : "BAD_REQUEST", message } });
  });

  app.get("/health", async (_request, reply) => {
    const health = await checkPlatformHealth(env);
    return reply.status(health.status === "ok" ? 200 : 503).send(health);
  });

  registerSessionRoutes(app, env);
  registerEmqxRoutes(app, env);
  registerPkiPublicRoutes(app, () => getIdentityServices(env));
  registerRevokeCertificateRoute(app, env, () => getIdentityServices(env));
  registerShadowRoutes(app, env);
  registerCommandRoutes(app, env);

  app.register(fastifyTRPCPlugin, {
    prefix: "/trpc",
    trpcOptions: { router: appRouter, createContext: createContext(env) },
  });

  return app;
}
