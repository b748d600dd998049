"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";

/**
 * Client-side data layer: one query cache per browser tab. Mounted by the signed-in layout, not
 * the root layout: a client provider in the root layout breaks Next 16's build-time prerender of
 * the built-in /_global-error page ("Cannot read properties of null (reading 'useContext')").
 */
export function QueryProvider({ children }: { children: ReactNode }) {
  const [queryClient] = useState(
    () => new QueryClient({ defaultOptions: { queries: { staleTime: 2_000, retry: 1, refetchOnWindowFocus: true } } }),
  );
  return <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
}
