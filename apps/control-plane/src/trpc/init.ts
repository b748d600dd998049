import { can, type Permission } from "@fleetwire/access";
import { APP_ERRORS, isAppError } from "@fleetwire/core";
import { initTRPC, TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import type { Context } from "./context.ts";

/** Every procedure declares the permission it needs as meta, so tests can check all of them. */
export type ProcedureMeta = { permission?: Permission };
const builder = initTRPC.context<Context>().meta<ProcedureMeta>();

const t = builder.create({
  // Never send stack traces to callers.
  isDev: false,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    return {
      ...shape,
      data: {
        ...shape.data,
        appCode: isAppError(cause) ? cause.code : undefined,
        details: isAppError(cause) ? cause.details : undefined,
        zodIssues: cause instanceof ZodError ? cause.issues : undefined,
      },
    };
  },
});

/** AppError thrown by domain code becomes the matching tRPC error, once, here. */
const mapAppErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && isAppError(result.error.cause)) {
    const cause = result.error.cause;
    throw new TRPCError({ code: APP_ERRORS[cause.code].trpc, message: cause.message, cause });
  }
  return result;
});

export const router = t.router;
export const publicProcedure = t.procedure.use(mapAppErrors);

/** A procedure the caller may run only with `permission`: 401 without a valid token, 403 without the role. */
export function procedure(permission: Permission) {
  return publicProcedure.meta({ permission }).use(({ ctx, next }) => {
    if (!ctx.caller) {
      throw new TRPCError({
        code: "UNAUTHORIZED",
        message: ctx.authError ? "the token is unknown, expired or revoked" : "sign in or send an API token",
      });
    }
    if (!can(ctx.caller.role, permission)) {
      throw new TRPCError({
        code: "FORBIDDEN",
        message: `the ${ctx.caller.role} role may not do this (${permission})`,
      });
    }
    return next({ ctx: { ...ctx, caller: ctx.caller } });
  });
}
