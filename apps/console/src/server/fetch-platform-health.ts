import { getConsoleEnv } from "@/env.ts";
import { type TPlatformHealth, ZPlatformHealth } from "@/lib/platform-health.schema.ts";

type Result = { ok: true; health: TPlatformHealth } | { ok: false; message: string };

/** Asks the control plane for the platform's health; a degraded platform answers 503 with a body. */
export async function fetchPlatformHealth(): Promise<Result> {
  const { controlPlaneUrl } = getConsoleEnv();
  let response: Response;
  try {
    response = await fetch(new URL("/health", controlPlaneUrl), {
      signal: AbortSignal.timeout(4000),
      cache: "no-store",
    });
  } catch (error) {
    const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : "";
    return { ok: false, message: `control plane at ${controlPlaneUrl} did not answer${reason ? ` (${reason})` : ""}` };
  }
  const parsed = ZPlatformHealth.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) {
    return { ok: false, message: `control plane answered HTTP ${response.status} without a health report` };
  }
  return { ok: true, health: parsed.data };
}
