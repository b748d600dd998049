import { resolveShadowDevice } from "./resolve-device.ts";
import type { TShadowView } from "./schemas.ts";
import type { ShadowActor, ShadowDeps } from "./shadow-deps.ts";
import { readShadow } from "./shadow-store.ts";

/** The current shadow: from the Redis cache when it has it, else from PostgreSQL (and cached). */
export async function getShadow(deps: ShadowDeps, actor: ShadowActor, deviceId: string): Promise<TShadowView> {
  const device = await resolveShadowDevice(deps.prisma, actor, deviceId);
  const cached = await deps.cache?.get(device.id);
  if (cached) return cached;
  const shadow = await readShadow(deps.prisma, device.id);
  // Version 0 (never written) is not cached: nothing would replace it on the first write race.
  if (shadow.version > 0) await deps.cache?.put(shadow);
  return shadow;
}
