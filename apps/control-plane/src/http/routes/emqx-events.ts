import { parseEmqxPresenceEvent } from "@fleetwire/broker";
import { AppError, createLogger } from "@fleetwire/core";
import { getPrisma } from "@fleetwire/db";
import { recordDevicePresence } from "@fleetwire/registry";
import type { FastifyInstance } from "fastify";
import type { ControlPlaneEnv } from "../../env.ts";
import { assertEmqxHookToken } from "./emqx-hook-token.ts";

const log = createLogger("control-plane");

/**
 * POST /emqx/events: EMQX's `fleetwire_presence` rule (infra/emqx/emqx.conf) sends each client
 * connected, disconnected and refused CONNACK here through its HTTP action, with the same
 * x-emqx-token as the authn/authz hooks. Recorded by the same domain function as Mosquitto's
 * presence messages. 200 when recorded or deliberately ignored (services, unknown client ids,
 * repeats), 400 for a body that is no client event; a database failure answers 5xx, and EMQX
 * retries the action.
 */
export function registerEmqxEventsRoute(app: FastifyInstance, env: ControlPlaneEnv) {
  const { hookSecret, serviceUsername } = env.mqtt.emqx;
  app.post("/emqx/events", async (request, reply) => {
    assertEmqxHookToken(request, hookSecret);
    const decision = parseEmqxPresenceEvent(request.body ?? {}, { serviceUsername });
    if ("ignored" in decision) {
      if (decision.ignored === "malformed") {
        throw new AppError("VALIDATION_FAILED", "not an EMQX client event", { issues: decision.issues });
      }
      return reply.status(200).send({ result: "ignored", reason: decision.ignored });
    }
    const result = await recordDevicePresence(getPrisma(env.databaseUrl), decision.event);
    if (!result.recorded) {
      log.debug({ clientid: decision.event.deviceId, reason: result.reason }, "EMQX presence event not recorded");
      return reply.status(200).send({ result: "ignored", reason: result.reason });
    }
    return reply.status(200).send({ result: "recorded", online: result.presence.online });
  });
}
