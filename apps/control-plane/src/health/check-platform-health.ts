import { type ProbeResult, probeDatabase, probeRedis } from "@fleetwire/infra";
import type { ControlPlaneEnv } from "../env.ts";

export interface PlatformHealth {
  status: "ok" | "degraded";
  services: Record<string, ProbeResult>;
}

/** What the control plane depends on, probed in parallel. */
export async function checkPlatformHealth(env: ControlPlaneEnv): Promise<PlatformHealth> {
  const entries = await Promise.all(
    Object.entries({
      database: () => probeDatabase(env.databaseUrl),
      redis: () => probeRedis(env.redisUrl),
    }).map(async ([name, probe]) => [name, await probe()] as const),
  );
  const services = Object.fromEntries(entries);
  return { status: entries.every(([, r]) => r.ok) ? "ok" : "degraded", services };
}
