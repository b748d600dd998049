import { permissionsOf } from "@fleetwire/access";
import { procedure } from "../../trpc/init.ts";

export const meRoute = procedure("platform:read").query(({ ctx }) => ({
  operatorId: ctx.caller.operatorId,
  email: ctx.caller.email,
  role: ctx.caller.role,
  permissions: permissionsOf(ctx.caller.role),
}));
