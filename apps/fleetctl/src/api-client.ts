import type { AppRouter } from "@fleetwire/control-plane/src/trpc/router.ts";
import { createTRPCClient, httpLink, TRPCClientError } from "@trpc/client";
import { fetch as undiciFetch } from "undici";
import { CliError } from "./cli.ts";
import { findSession } from "./credentials.ts";
import type { FleetctlEnv } from "./env.ts";

export const NOT_SIGNED_IN = "not signed in: run pnpm fleetctl login";

/** A typed client of the control plane's tRPC API, sending `token` as the bearer. */
export function createApiClient(url: string, token: string) {
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${url}/trpc`,
        fetch: undiciFetch as unknown as typeof globalThis.fetch,
        headers: { authorization: `Bearer ${token}` },
      }),
    ],
  });
}
export type ApiClient = ReturnType<typeof createApiClient>;

/** The client for the configured control plane: FLEETWIRE_TOKEN if set, else the saved session. */
export async function connectApi(env: FleetctlEnv): Promise<ApiClient> {
  const token = env.token ?? (await findSession(env.credentialsPath, env.controlPlaneUrl))?.token;
  if (!token) throw new CliError(NOT_SIGNED_IN);
  return createApiClient(env.controlPlaneUrl, token);
}

type ErrorData = {
  httpStatus?: number;
  zodIssues?: { path: (string | number)[]; message: string }[];
};

/** Any failure of an API call as one line a person can act on. */
export function describeApiError(error: unknown, url: string): CliError {
  if (!(error instanceof TRPCClientError)) return new CliError(error instanceof Error ? error.message : String(error));
  const data = error.data as ErrorData | undefined;
  if (!data) {
    const cause = (error.cause as { cause?: { code?: string; message?: string } } | undefined)?.cause;
    return new CliError(`cannot reach the control plane at ${url}: ${cause?.code ?? cause?.message ?? error.message}`);
  }
  if (data.httpStatus === 401) return new CliError(NOT_SIGNED_IN);
  if (data.httpStatus === 403) return new CliError(`permission denied: ${error.message}`);
  if (data.zodIssues?.length) {
    const issues = data.zodIssues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`);
    return new CliError(`invalid request: ${issues.join("; ")}`);
  }
  return new CliError(error.message.replace(/\s*\n\s*/g, " "));
}

/** Runs API calls, turning every failure into a one-line CliError. */
export async function withApi<T>(env: FleetctlEnv, work: (api: ApiClient) => Promise<T>): Promise<T> {
  const api = await connectApi(env);
  try {
    return await work(api);
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw describeApiError(error, env.controlPlaneUrl);
  }
}
