import { getDeviceModelOrThrow } from "@fleetwire/registry";
import { ZGetDeviceModelRequest } from "@fleetwire/registry/schemas";
import { procedure } from "../../trpc/init.ts";
import { actorOf } from "../actor.ts";

export const getModelRoute = procedure("fleet:read")
  .input(ZGetDeviceModelRequest)
  .query(({ ctx, input }) => getDeviceModelOrThrow(ctx.prisma, actorOf(ctx), input));
