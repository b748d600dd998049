import { getPrisma } from "@fleetwire/db";
import type { FastifyInstance } from "fastify";
import type { ControlPlaneEnv } from "../../env.ts";
import { createEmqxAccessDirectory } from "./emqx-access-directory.ts";
import { registerEmqxAuthnRoute } from "./emqx-authn.ts";
import { registerEmqxAuthzRoute } from "./emqx-authz.ts";
import { registerEmqxEventsRoute } from "./emqx-events.ts";

/**
 * The endpoints EMQX calls: authn on CONNECT and authz per topic (sharing one cached directory),
 * and the presence events of its rule engine.
 */
export function registerEmqxRoutes(app: FastifyInstance, env: ControlPlaneEnv) {
  const directory = createEmqxAccessDirectory(getPrisma(env.databaseUrl));
  registerEmqxAuthnRoute(app, env, directory);
  registerEmqxAuthzRoute(app, env, directory);
  registerEmqxEventsRoute(app, env);
}
