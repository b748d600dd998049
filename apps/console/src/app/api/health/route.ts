/** Liveness of the console itself, for the platform runner and `fleetctl status`. */
export function GET() {
  return Response.json({ status: "ok" });
}

export const dynamic = "force-dynamic";
