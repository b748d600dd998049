import { AppError } from "@fleetwire/core";
import { getPrisma } from "@fleetwire/db";
import { revokeDeviceCertificates, ZRevokeCertificateRequest } from "@fleetwire/identity";
import type { FastifyInstance } from "fastify";
import type { ControlPlaneEnv } from "../../env.ts";
import type { IdentityServices } from "../../identity/identity-services.ts";
import { requireDeviceInOrganisation } from "../../routes/device-in-organisation.ts";
import { authorizeRequest } from "../authorize-request.ts";

/**
 * POST /devices/{device_id}/certificates/revoke {serial?, reason} (issue 3, item 6): for scripts
 * and curl, with `Authorization: Bearer <token>` and the certificate:revoke permission. The same
 * as tRPC certificates.revoke.
 */
export function registerRevokeCertificateRoute(
  app: FastifyInstance,
  env: ControlPlaneEnv,
  services: () => Promise<IdentityServices>,
) {
  const prisma = getPrisma(env.databaseUrl);
  app.post<{ Params: { deviceId: string } }>("/devices/:deviceId/certificates/revoke", async (request, reply) => {
    const caller = await authorizeRequest(prisma, request, "certificate:revoke");
    const parsed = ZRevokeCertificateRequest.safeParse(request.body ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new AppError("VALIDATION_FAILED", `${issue?.path.join(".") || "body"}: ${issue?.message}`);
    }
    await requireDeviceInOrganisation(prisma, caller, request.params.deviceId);
    const result = await revokeDeviceCertificates(await services(), {
      ...parsed.data,
      deviceId: request.params.deviceId,
      actor: { type: "operator", id: caller.operatorId },
      sourceIp: request.ip,
    });
    return reply.status(200).send(result);
  });
}
