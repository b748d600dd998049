import { listShadowHistory } from "@fleetwire/shadows";
import { ZShadowHistoryRequest } from "@fleetwire/shadows/schemas";
import { getDeviceMessagingDeps } from "../../device-messaging/device-messaging-services.ts";
import { procedure } from "../../trpc/init.ts";
import { operatorActor } from "../operator-actor.ts";

export const shadowHistoryRoute = procedure("device:read")
  .input(ZShadowHistoryRequest)
  .query(async ({ ctx, input }) => {
    const deps = await getDeviceMessagingDeps(ctx.env, { needsBroker: false });
    return listShadowHistory(deps.shadows, operatorActor(ctx), input);
  });
