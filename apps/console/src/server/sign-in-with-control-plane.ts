import { type TSignInRequest, type TSignInResponse, ZSignInResponse } from "@/lib/operator.schema.ts";

/** Thrown when the control plane cannot answer; the sign-in form shows it apart from a wrong password. */
export class ControlPlaneUnavailableError extends Error {
  constructor(detail: string) {
    super(`CONTROL_PLANE_UNAVAILABLE: ${detail}`);
    this.name = "ControlPlaneUnavailableError";
  }
}

/**
 * Email and password to a control-plane session (`POST /api/auth/session`). Returns null when the
 * control plane refuses them (401). The console never sees password hashes; the bearer token it
 * gets back stays on the server, inside the encrypted session cookie.
 */
export async function signInWithControlPlane(
  controlPlaneUrl: string,
  credentials: TSignInRequest,
): Promise<TSignInResponse | null> {
  let response: Response;
  try {
    response = await fetch(new URL("/api/auth/session", controlPlaneUrl), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(credentials),
      signal: AbortSignal.timeout(5000),
      cache: "no-store",
    });
  } catch (error) {
    throw new ControlPlaneUnavailableError(error instanceof Error ? error.message : String(error));
  }
  if (response.status === 401) return null;
  if (!response.ok) throw new ControlPlaneUnavailableError(`HTTP ${response.status}`);
  const parsed = ZSignInResponse.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) throw new ControlPlaneUnavailableError("unexpected answer from the control plane");
  return parsed.data;
}
