import { decideEmqxAuthn, type EmqxAccessDirectory } from "@fleetwire/broker";
import { createLogger } from "@fleetwire/core";
import type { FastifyInstance } from "fastify";
import type { ControlPlaneEnv } from "../../env.ts";
import { assertEmqxHookToken } from "./emqx-hook-token.ts";

const log = createLogger("control-plane");

/**
 * POST /emqx/authn: EMQX's HTTP authenticator (emqx-5.8.md §2.2) calls this on every CONNECT.
 * Always 200 with {"result": "allow" | "deny", ...}: a device with its certificate gets its fleet,
 * its exact topics as `acl` and `expire_at` = the certificate's notAfter.
 */
export function registerEmqxAuthnRoute(app: FastifyInstance, env: ControlPlaneEnv, directory: EmqxAccessDirectory) {
  const { hookSecret, serviceUsername, servicePassword } = env.mqtt.emqx;
  app.post("/emqx/authn", async (request, reply) => {
    assertEmqxHookToken(request, hookSecret);
    const decision = await decideEmqxAuthn(request.body ?? {}, directory, { serviceUsername, servicePassword });
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (decision.response.result === "deny")
      log.info({ clientid: body.clientid, zone: body.zone, reason: decision.reason }, "EMQX connect refused");
    return reply.status(200).send(decision.response);
  });
}
