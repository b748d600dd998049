import { getCommandOrThrow } from "@fleetwire/commands";
import { ZGetCommandRequest } from "@fleetwire/commands/schemas";
import { getDeviceMessagingDeps } from "../../device-messaging/device-messaging-services.ts";
import { procedure } from "../../trpc/init.ts";
import { operatorActor } from "../operator-actor.ts";

export const getCommandRoute = procedure("device:read")
  .input(ZGetCommandRequest)
  .query(async ({ ctx, input }) => {
    const deps = await getDeviceMessagingDeps(ctx.env, { needsBroker: false });
    return getCommandOrThrow(deps.commands, operatorActor(ctx), input.commandId);
  });
