import { forwardTrpcRequest } from "@/server/forward-trpc-request.ts";

type RouteContext = { params: Promise<{ trpc: string }> };

/** The browser's tRPC endpoint: every call goes to the control plane with the session's token. */
async function handler(request: Request, context: RouteContext) {
  return forwardTrpcRequest(request, (await context.params).trpc);
}

export { handler as GET, handler as POST };

export const dynamic = "force-dynamic";
