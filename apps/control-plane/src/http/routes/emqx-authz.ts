import { decideEmqxAuthz, type EmqxAccessDirectory } from "@fleetwire/broker";
import { createLogger } from "@fleetwire/core";
import type { FastifyInstance } from "fastify";
import type { ControlPlaneEnv } from "../../env.ts";
import { assertEmqxHookToken } from "./emqx-hook-token.ts";

const log = createLogger("control-plane");

/**
 * POST /emqx/authz: EMQX's HTTP authorization source (emqx-5.8.md §3), asked for each publish or
 * subscribe that neither the authn `acl` nor EMQX's cache decided. A device gets exactly its own
 * topics; the platform service user gets everything; anything else is denied.
 */
export function registerEmqxAuthzRoute(app: FastifyInstance, env: ControlPlaneEnv, directory: EmqxAccessDirectory) {
  const { hookSecret, serviceUsername } = env.mqtt.emqx;
  app.post("/emqx/authz", async (request, reply) => {
    assertEmqxHookToken(request, hookSecret);
    const decision = await decideEmqxAuthz(request.body ?? {}, directory, { serviceUsername });
    if (decision.response.result === "deny") {
      const body = (request.body ?? {}) as Record<string, unknown>;
      log.debug(
        { clientid: body.clientid, topic: body.topic, action: body.action, reason: decision.reason },
        "EMQX authz deny",
      );
    }
    return reply.status(200).send(decision.response);
  });
}
