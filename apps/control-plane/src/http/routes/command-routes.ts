import { getCommandOrThrow, listCommands, sendCommand } from "@fleetwire/commands";
import { COMMAND_STATUSES, ZSendCommandBody, ZSendCommandRequest } from "@fleetwire/commands/schemas";
import { AppError } from "@fleetwire/core";
import { getPrisma } from "@fleetwire/db";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { getDeviceMessagingDeps } from "../../device-messaging/device-messaging-services.ts";
import type { ControlPlaneEnv } from "../../env.ts";
import { authorizeRequest } from "../authorize-request.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Commands over plain HTTP (`Authorization: Bearer <token>`), the same as tRPC commands.*:
 *   POST /devices/{device_id}/commands {name, params, ttl_seconds, idempotency_key}
 *        -> 201 (or 200 with the earlier command for a repeated idempotency key)
 *   GET  /devices/{device_id}/commands ?status=&limit=&cursor=
 *   GET  /devices/{device_id}/commands/{command_id}
 */
export function registerCommandRoutes(app: FastifyInstance, env: ControlPlaneEnv) {
  const prisma = getPrisma(env.databaseUrl);
  const actorOf = async (request: FastifyRequest, permission: "device:read" | "command:send") => {
    const caller = await authorizeRequest(prisma, request, permission);
    return {
      type: "operator" as const,
      operatorId: caller.operatorId,
      organisationId: caller.organisationId,
      sourceIp: request.ip,
    };
  };

  app.post<{ Params: { deviceId: string } }>("/devices/:deviceId/commands", async (request, reply) => {
    const actor = await actorOf(request, "command:send");
    const body = ZSendCommandBody.safeParse(request.body ?? {});
    const input = body.success
      ? ZSendCommandRequest.safeParse({
          deviceId: request.params.deviceId,
          name: body.data.name,
          params: body.data.params,
          ttlSeconds: body.data.ttl_seconds,
          idempotencyKey: body.data.idempotency_key,
        })
      : body;
    if (!input.success) {
      const issue = input.error.issues[0];
      throw new AppError("VALIDATION_FAILED", `${issue?.path.join(".") || "body"}: ${issue?.message}`);
    }
    const deps = await getDeviceMessagingDeps(env);
    const result = await sendCommand(deps.commands, actor, input.data);
    return reply.status(result.created ? 201 : 200).send(result);
  });

  app.get<{ Params: { deviceId: string }; Querystring: { status?: string; limit?: string; cursor?: string } }>(
    "/devices/:deviceId/commands",
    async (request, reply) => {
      const actor = await actorOf(request, "device:read");
      const { status, limit, cursor } = request.query;
      if (status !== undefined && !(COMMAND_STATUSES as readonly string[]).includes(status)) {
        throw new AppError("VALIDATION_FAILED", `status: one of ${COMMAND_STATUSES.join(", ")}`);
      }
      const deps = await getDeviceMessagingDeps(env, { needsBroker: false });
      return reply.send(
        await listCommands(deps.commands, actor, {
          deviceId: request.params.deviceId,
          ...(status ? { status: status as (typeof COMMAND_STATUSES)[number] } : {}),
          ...(limit ? { limit: Math.min(Math.max(Number.parseInt(limit, 10) || 50, 1), 200) } : {}),
          ...(cursor ? { cursor } : {}),
        }),
      );
    },
  );

  app.get<{ Params: { deviceId: string; commandId: string } }>(
    "/devices/:deviceId/commands/:commandId",
    async (request, reply) => {
      const actor = await actorOf(request, "device:read");
      const deps = await getDeviceMessagingDeps(env, { needsBroker: false });
      const { commandId, deviceId } = request.params;
      const command = UUID.test(commandId) ? await getCommandOrThrow(deps.commands, actor, commandId) : undefined;
      if (!command || command.deviceId !== deviceId) {
        throw new AppError("NOT_FOUND", `no command ${request.params.commandId} of ${request.params.deviceId}`);
      }
      return reply.send(command);
    },
  );
}
