import { createTRPCClient, httpLink, TRPCClientError } from "@trpc/client";
import type { AppRouter } from "../trpc/router.ts";

/** A typed tRPC client over real HTTP, authenticated with `token`, as the console and fleetctl call the API. */
export function testTrpcClient(url: string, token?: string) {
  return createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${url}/trpc`, headers: token ? { authorization: `Bearer ${token}` } : {} })],
  });
}

/** The HTTP status, AppError code and message a failed call answered with. */
export async function failureOf(call: Promise<unknown>) {
  try {
    await call;
  } catch (error) {
    if (error instanceof TRPCClientError) {
      const data = error.data as { httpStatus?: number; appCode?: string; details?: unknown } | undefined;
      return { status: data?.httpStatus, appCode: data?.appCode, details: data?.details, message: error.message };
    }
    throw error;
  }
  throw new Error("expected the call to fail, it succeeded");
}
