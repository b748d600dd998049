import { listAuditLog } from "@fleetwire/registry";
import { ZListAuditLogRequest } from "@fleetwire/registry/schemas";
import { procedure } from "../../trpc/init.ts";
import { actorOf } from "../actor.ts";

export const listAuditLogRoute = procedure("audit:read")
  .input(ZListAuditLogRequest.optional())
  .query(({ ctx, input }) => listAuditLog(ctx.prisma, actorOf(ctx), input));
