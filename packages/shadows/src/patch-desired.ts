import type { JsonObject } from "./json-document.ts";
import type { ShadowActor, ShadowDeps } from "./shadow-deps.ts";
import { type ShadowUpdateResult, updateShadow } from "./update-shadow.ts";

/**
 * An operator changes what the device should be: `patch` is an RFC 7396 merge patch of the
 * desired state (null removes a key). With `version`, the change applies only to that version
 * (409 otherwise). The delta goes to the device over MQTT QoS 1.
 */
export function patchDesiredState(
  deps: ShadowDeps,
  actor: Extract<ShadowActor, { type: "operator" }>,
  input: { deviceId: string; patch: JsonObject; version?: number },
): Promise<ShadowUpdateResult> {
  return updateShadow(deps, actor, {
    deviceId: input.deviceId,
    section: "desired",
    patch: input.patch,
    ...(input.version !== undefined ? { expectedVersion: input.version } : {}),
  });
}
