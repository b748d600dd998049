import { listCommands } from "@fleetwire/commands";
import { ZListCommandsRequest } from "@fleetwire/commands/schemas";
import { getDeviceMessagingDeps } from "../../device-messaging/device-messaging-services.ts";
import { procedure } from "../../trpc/init.ts";
import { operatorActor } from "../operator-actor.ts";

export const listCommandsRoute = procedure("device:read")
  .input(ZListCommandsRequest)
  .query(async ({ ctx, input }) => {
    const deps = await getDeviceMessagingDeps(ctx.env, { needsBroker: false });
    return listCommands(deps.commands, operatorActor(ctx), input);
  });
