import { getDeviceOrThrow } from "@fleetwire/registry";
import { ZGetDeviceRequest } from "@fleetwire/registry/schemas";
import { procedure } from "../../trpc/init.ts";
import { actorOf } from "../actor.ts";

export const getDeviceRoute = procedure("device:read")
  .input(ZGetDeviceRequest)
  .query(({ ctx, input }) => getDeviceOrThrow(ctx.prisma, actorOf(ctx), input));
