import type { TLSSocket } from "node:tls";
import { fetchPendingCommands, recordCommandReply } from "@fleetwire/commands";
import { AppError } from "@fleetwire/core";
import { getShadow, reportDeviceState } from "@fleetwire/shadows";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { getDeviceMessagingDeps } from "../device-messaging/device-messaging-services.ts";
import type { ControlPlaneEnv } from "../env.ts";
import type { IdentityServices } from "../identity/identity-services.ts";
import { authenticateDevice } from "./authenticate-device.ts";

/**
 * Shadows and commands for devices over HTTPS (mutual TLS, the operational certificate), on the
 * device endpoint beside /provision and /renew. The device is the certificate's; naming another
 * device in the path is refused with 403.
 *   GET  /v1/shadow                        GET  /devices/{device_id}/shadow
 *   POST /v1/shadow/reported {state}       POST /devices/{device_id}/shadow/reported {state}
 *   GET  /v1/commands/pending              POST /v1/commands/{command_id}/response {status, result}
 */
export function registerDeviceMessagingRoutes(
  app: FastifyInstance,
  env: ControlPlaneEnv,
  services: () => Promise<IdentityServices>,
) {
  const device = async (request: FastifyRequest, claimed?: string) => {
    const identity = await services();
    const authenticated = await authenticateDevice(identity, request.raw.socket as TLSSocket);
    if (claimed !== undefined && claimed !== authenticated.deviceId) {
      throw new AppError("FORBIDDEN", `device ${authenticated.deviceId} may not use ${claimed}'s shadow or commands`, {
        reason: "other_device",
      });
    }
    return { type: "device" as const, deviceId: authenticated.deviceId, sourceIp: request.ip };
  };

  const readShadow = async (request: FastifyRequest, claimed?: string) => {
    const actor = await device(request, claimed);
    const deps = await getDeviceMessagingDeps(env, { needsBroker: false });
    return getShadow(deps.shadows, actor, actor.deviceId);
  };
  const report = async (request: FastifyRequest, claimed?: string) => {
    const actor = await device(request, claimed);
    const deps = await getDeviceMessagingDeps(env);
    const result = await reportDeviceState(deps.shadows, actor, { deviceId: actor.deviceId, message: request.body });
    return result.shadow;
  };

  app.get("/v1/shadow", (request) => readShadow(request));
  app.post("/v1/shadow/reported", (request) => report(request));
  app.get<{ Params: { deviceId: string } }>("/devices/:deviceId/shadow", (request) =>
    readShadow(request, request.params.deviceId),
  );
  app.post<{ Params: { deviceId: string } }>("/devices/:deviceId/shadow/reported", (request) =>
    report(request, request.params.deviceId),
  );

  app.get<{ Querystring: { limit?: string } }>("/v1/commands/pending", async (request) => {
    const actor = await device(request);
    const deps = await getDeviceMessagingDeps(env, { needsBroker: false });
    const limit = request.query.limit ? Number.parseInt(request.query.limit, 10) || 20 : 20;
    return { commands: await fetchPendingCommands(deps.commands, actor, { limit }) };
  });
  app.post<{ Params: { commandId: string } }>("/v1/commands/:commandId/response", async (request) => {
    const actor = await device(request);
    const deps = await getDeviceMessagingDeps(env, { needsBroker: false });
    return recordCommandReply(deps.commands, actor, { commandId: request.params.commandId, reply: request.body });
  });
}
