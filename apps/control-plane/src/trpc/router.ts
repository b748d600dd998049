import { checkPlatformHealth } from "../health/check-platform-health.ts";
import { publicProcedure, router } from "./init.ts";

export const appRouter = router({
  health: publicProcedure.query(({ ctx }) => checkPlatformHealth(ctx.env)),
});

export type AppRouter = typeof appRouter;
