import { checkPlatformHealth } from "../health/check-platform-health.ts";
import { meRoute } from "../routes/auth/me.ts";
import { createOperatorRoute } from "../routes/operators/create.ts";
import { listOperatorsRoute } from "../routes/operators/list.ts";
import { createTokenRoute } from "../routes/tokens/create.ts";
import { listTokensRoute } from "../routes/tokens/list.ts";
import { revokeTokenRoute } from "../routes/tokens/revoke.ts";
import { procedure, router } from "./init.ts";

export const appRouter = router({
  health: procedure("platform:read").query(({ ctx }) => checkPlatformHealth(ctx.env)),
  auth: router({ me: meRoute }),
  tokens: router({ create: createTokenRoute, list: listTokensRoute, revoke: revokeTokenRoute }),
  operators: router({ list: listOperatorsRoute, create: createOperatorRoute }),
});

export type AppRouter = typeof appRouter;
