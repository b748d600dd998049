import { sendCommand } from "@fleetwire/commands";
import { ZSendCommandRequest } from "@fleetwire/commands/schemas";
import { getDeviceMessagingDeps } from "../../device-messaging/device-messaging-services.ts";
import { procedure } from "../../trpc/init.ts";
import { operatorActor } from "../operator-actor.ts";

export const sendCommandRoute = procedure("command:send")
  .input(ZSendCommandRequest)
  .mutation(async ({ ctx, input }) => {
    const deps = await getDeviceMessagingDeps(ctx.env);
    return sendCommand(deps.commands, operatorActor(ctx), input);
  });
