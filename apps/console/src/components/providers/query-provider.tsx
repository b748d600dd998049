"use client";

import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink } from "@trpc/client";
import { type ReactNode, useState } from "react";
import type { AppRouter } from "@/lib/trpc/router-types.ts";
import { TRPCProvider } from "@/lib/trpc/trpc-context.ts";
import { isRetryable, trpcErrorCode } from "@/lib/trpc/trpc-error.ts";

/** A session that ended (expired, or the token was revoked) sends the person back to sign in. */
function signInAgainOnUnauthorized(error: unknown) {
  if (trpcErrorCode(error) !== "UNAUTHORIZED") return;
  const here = `${window.location.pathname}${window.location.search}`;
  window.location.assign(`/signin?callbackUrl=${encodeURIComponent(here)}`);
}

function createQueryClient() {
  return new QueryClient({
    queryCache: new QueryCache({ onError: signInAgainOnUnauthorized }),
    mutationCache: new MutationCache({ onError: signInAgainOnUnauthorized }),
    defaultOptions: {
      queries: {
        staleTime: 2_000,
        refetchOnWindowFocus: true,
        retry: (failures, error) => failures < 1 && isRetryable(error),
      },
    },
  });
}

/**
 * Client-side data layer: one query cache per browser tab, and the tRPC client that reaches the
 * control plane through the console's own `/api/trpc` (which adds the session's bearer token).
 * Mounted by the signed-in layout, not the root layout: a client provider in the root layout
 * breaks Next 16's build-time prerender of the built-in /_global-error page.
 */
export function QueryProvider({ children }: { children: ReactNode }) {
  const [queryClient] = useState(createQueryClient);
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: "/api/trpc", maxURLLength: 4000 })] }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
