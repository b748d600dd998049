// Type-only: the console never bundles control-plane code, it only learns the API's shapes.
import type { AppRouter } from "@fleetwire/control-plane/src/trpc/router.ts";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";

export type { AppRouter };
export type RouterInputs = inferRouterInputs<AppRouter>;
/**
 * What procedures answer, as TypeScript sees them. The API sends JSON without a transformer, so
 * a `Date` here arrives as an ISO string: read times with `toDate()` from lib/format-time.ts.
 */
export type RouterOutputs = inferRouterOutputs<AppRouter>;
