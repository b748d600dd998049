import { getPrisma } from "@fleetwire/db";
import type { FastifyInstance } from "fastify";
import type { ControlPlaneEnv } from "../../env.ts";
import { createEmqxAccessDirectory } from "./emqx-access-directory.ts";
import { registerEmqxAuthnRoute } from "./emqx-authn.ts";
import { registerEmqxAuthzRoute } from "./emqx-authz.ts";

/** The endpoints EMQX calls (authn on CONNECT, authz per topic), sharing one cached directory. */
export function registerEmqxRoutes(app: FastifyInstance, env: ControlPlaneEnv) {
  const directory = createEmqxAccessDirectory(getPrisma(env.databaseUrl));
  registerEmqxAuthnRoute(app, env, directory);
  registerEmqxAuthzRoute(app, env, directory);
}
