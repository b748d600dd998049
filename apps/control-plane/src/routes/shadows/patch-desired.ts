import { patchDesiredState } from "@fleetwire/shadows";
import { ZPatchDesiredRequest } from "@fleetwire/shadows/schemas";
import { getDeviceMessagingDeps } from "../../device-messaging/device-messaging-services.ts";
import { procedure } from "../../trpc/init.ts";
import { operatorActor } from "../operator-actor.ts";

export const patchDesiredRoute = procedure("shadow:write")
  .input(ZPatchDesiredRequest)
  .mutation(async ({ ctx, input }) => {
    const deps = await getDeviceMessagingDeps(ctx.env);
    return patchDesiredState(deps.shadows, operatorActor(ctx), input);
  });
