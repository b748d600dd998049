import { fetchPlatformHealth } from "@/server/fetch-platform-health.ts";
import { getOperatorSession } from "@/server/get-operator-session.ts";

/** The control plane's health, relayed for the Overview page (the browser never calls it directly). */
export async function GET() {
  const session = await getOperatorSession();
  if (!session) {
    return Response.json({ error: { code: "UNAUTHENTICATED", message: "sign in first" } }, { status: 401 });
  }
  const result = await fetchPlatformHealth();
  if (!result.ok) {
    return Response.json({ error: { code: "CONTROL_PLANE_UNAVAILABLE", message: result.message } }, { status: 502 });
  }
  return Response.json(result.health, { headers: { "cache-control": "no-store" } });
}

export const dynamic = "force-dynamic";
