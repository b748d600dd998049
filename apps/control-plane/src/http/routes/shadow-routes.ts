import { AppError } from "@fleetwire/core";
import { getPrisma } from "@fleetwire/db";
import { getShadow, listShadowHistory, patchDesiredState } from "@fleetwire/shadows";
import { ZJsonObject } from "@fleetwire/shadows/schemas";
import type { FastifyInstance, FastifyReply } from "fastify";
import { getDeviceMessagingDeps } from "../../device-messaging/device-messaging-services.ts";
import type { ControlPlaneEnv } from "../../env.ts";
import { authorizeRequest } from "../authorize-request.ts";

type DeviceParams = { Params: { deviceId: string }; Querystring: { version?: string } };

/**
 * The shadow over plain HTTP, for scripts and curl (`Authorization: Bearer <token>`), the same as
 * tRPC shadows.get / patchDesired / history:
 *   GET   /devices/{device_id}/shadow            -> the shadow, ETag "<version>"
 *   PATCH /devices/{device_id}/shadow/desired    JSON merge patch (application/merge-patch+json or
 *         application/json); If-Match: "<version>" or ?version= for optimistic concurrency (409)
 *   GET   /devices/{device_id}/shadow/history    ?section=&limit=&cursor=
 */
export function registerShadowRoutes(app: FastifyInstance, env: ControlPlaneEnv) {
  const prisma = getPrisma(env.databaseUrl);
  const actorOf = async (
    request: Parameters<typeof authorizeRequest>[1],
    permission: "device:read" | "shadow:write",
  ) => {
    const caller = await authorizeRequest(prisma, request, permission);
    return {
      type: "operator" as const,
      operatorId: caller.operatorId,
      organisationId: caller.organisationId,
      sourceIp: request.ip,
    };
  };
  const withEtag = (reply: FastifyReply, version: number) => reply.header("etag", `"${version}"`);

  void app.register(async (scope) => {
    scope.addContentTypeParser("application/merge-patch+json", { parseAs: "string" }, (_request, body, done) => {
      try {
        done(null, JSON.parse(String(body)));
      } catch {
        done(new AppError("BAD_REQUEST", "the body is not JSON"), undefined);
      }
    });

    scope.get<DeviceParams>("/devices/:deviceId/shadow", async (request, reply) => {
      const actor = await actorOf(request, "device:read");
      const deps = await getDeviceMessagingDeps(env, { needsBroker: false });
      const shadow = await getShadow(deps.shadows, actor, request.params.deviceId);
      return withEtag(reply, shadow.version).send(shadow);
    });

    scope.patch<DeviceParams>("/devices/:deviceId/shadow/desired", async (request, reply) => {
      const actor = await actorOf(request, "shadow:write");
      const patch = ZJsonObject.safeParse(request.body);
      if (!patch.success) {
        throw new AppError("VALIDATION_FAILED", "send a JSON merge patch object of the desired state", {
          reason: "invalid_patch",
        });
      }
      const version = expectedVersion(request.headers["if-match"], request.query.version);
      const deps = await getDeviceMessagingDeps(env);
      const result = await patchDesiredState(deps.shadows, actor, {
        deviceId: request.params.deviceId,
        patch: patch.data,
        ...(version !== undefined ? { version } : {}),
      });
      return withEtag(reply, result.shadow.version).send(result);
    });

    scope.get<{ Params: { deviceId: string }; Querystring: { section?: string; limit?: string; cursor?: string } }>(
      "/devices/:deviceId/shadow/history",
      async (request, reply) => {
        const actor = await actorOf(request, "device:read");
        const { section, limit, cursor } = request.query;
        if (section !== undefined && section !== "desired" && section !== "reported") {
          throw new AppError("VALIDATION_FAILED", "section: desired or reported");
        }
        const deps = await getDeviceMessagingDeps(env, { needsBroker: false });
        return reply.send(
          await listShadowHistory(deps.shadows, actor, {
            deviceId: request.params.deviceId,
            ...(section ? { section } : {}),
            ...(limit ? { limit: Math.min(Math.max(Number.parseInt(limit, 10) || 50, 1), 200) } : {}),
            ...(cursor ? { cursor } : {}),
          }),
        );
      },
    );
  });
}

/** `If-Match: "7"` (also W/"7" or 7) or `?version=7`; `*` or nothing means no check. */
export function expectedVersion(ifMatch: string | string[] | undefined, query: string | undefined): number | undefined {
  const header = Array.isArray(ifMatch) ? ifMatch[0] : ifMatch;
  const parse = (raw: string, what: string) => {
    const match = /^(?:W\/)?"?(\d{1,10})"?$/.exec(raw.trim());
    if (!match?.[1]) throw new AppError("VALIDATION_FAILED", `${what} must be a shadow version, e.g. "7"`);
    return Number(match[1]);
  };
  const fromHeader = header && header.trim() !== "*" ? parse(header, "If-Match") : undefined;
  const fromQuery = query !== undefined && query !== "" ? parse(query, "version") : undefined;
  if (fromHeader !== undefined && fromQuery !== undefined && fromHeader !== fromQuery) {
    throw new AppError("VALIDATION_FAILED", "If-Match and ?version= name different versions");
  }
  return fromHeader ?? fromQuery;
}
