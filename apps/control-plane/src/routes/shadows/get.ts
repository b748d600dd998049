import { getShadow } from "@fleetwire/shadows";
import { ZGetShadowRequest } from "@fleetwire/shadows/schemas";
import { getDeviceMessagingDeps } from "../../device-messaging/device-messaging-services.ts";
import { procedure } from "../../trpc/init.ts";
import { operatorActor } from "../operator-actor.ts";

export const getShadowRoute = procedure("device:read")
  .input(ZGetShadowRequest)
  .query(async ({ ctx, input }) => {
    const deps = await getDeviceMessagingDeps(ctx.env, { needsBroker: false });
    return getShadow(deps.shadows, operatorActor(ctx), input.deviceId);
  });
