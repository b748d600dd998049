"use client";

import { createTRPCContext } from "@trpc/tanstack-react-query";
import type { AppRouter } from "./router-types.ts";

/** `useTRPC()` gives typed query/mutation options for every control-plane procedure. */
export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();
