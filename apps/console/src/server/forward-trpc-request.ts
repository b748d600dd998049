import { TRPC_ERROR_CODES_BY_KEY } from "@trpc/server/rpc";
import { getConsoleEnv } from "@/env.ts";
import { isProcedurePath } from "@/lib/procedure-path.ts";
import { isSessionTokenLive } from "./auth-options.ts";
import { getSessionToken } from "./get-operator-session.ts";

const FORWARDED_HEADERS = ["content-type", "trpc-accept", "accept"];

type ErrorKey = keyof typeof TRPC_ERROR_CODES_BY_KEY;

/** An error the tRPC client understands, one per procedure of a batch. */
function trpcError(request: Request, paths: string, status: number, key: ErrorKey, message: string) {
  const batch = new URL(request.url).searchParams.get("batch") === "1";
  const envelope = (path: string) => ({
    error: { message, code: TRPC_ERROR_CODES_BY_KEY[key], data: { code: key, httpStatus: status, path } },
  });
  const list = paths.split(",");
  return Response.json(batch ? list.map(envelope) : envelope(list[0] ?? ""), { status });
}

/**
 * Forwards a browser's tRPC call to the control plane with the signed-in operator's bearer token,
 * which only this server knows (it lives in the encrypted session cookie). The control plane
 * authorizes every procedure itself; this only attaches who is asking.
 */
export async function forwardTrpcRequest(request: Request, paths: string): Promise<Response> {
  if (!isProcedurePath(paths)) return trpcError(request, paths, 404, "NOT_FOUND", "no such procedure");
  const session = await getSessionToken();
  if (!isSessionTokenLive(session) || !session?.controlPlaneToken) {
    return trpcError(request, paths, 401, "UNAUTHORIZED", "your session has ended; sign in again");
  }

  const { controlPlaneUrl } = getConsoleEnv();
  const target = new URL(`/trpc/${paths}`, controlPlaneUrl);
  target.search = new URL(request.url).search;
  const headers = new Headers({ authorization: `Bearer ${session.controlPlaneToken}` });
  for (const name of FORWARDED_HEADERS) {
    const value = request.headers.get(name);
    if (value) headers.set(name, value);
  }
  const forwardedFor = request.headers.get("x-forwarded-for");
  if (forwardedFor) headers.set("x-forwarded-for", forwardedFor);

  let upstream: Response;
  try {
    upstream = await fetch(target, {
      method: request.method,
      headers,
      body: request.method === "GET" || request.method === "HEAD" ? undefined : await request.text(),
      cache: "no-store",
      signal: AbortSignal.timeout(30_000),
    });
  } catch {
    return trpcError(request, paths, 502, "BAD_GATEWAY", `the control plane at ${controlPlaneUrl} is not answering`);
  }
  const responseHeaders = new Headers({ "cache-control": "no-store" });
  const contentType = upstream.headers.get("content-type");
  if (contentType) responseHeaders.set("content-type", contentType);
  return new Response(upstream.body, { status: upstream.status, headers: responseHeaders });
}
