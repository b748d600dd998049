import { AppError } from "@fleetwire/core";
import { resolveShadowDevice } from "./resolve-device.ts";
import { ZReportedStateMessage } from "./schemas.ts";
import type { ShadowActor, ShadowDeps } from "./shadow-deps.ts";
import { readShadow } from "./shadow-store.ts";
import { publishDelta, type ShadowUpdateResult, updateShadow } from "./update-shadow.ts";

/**
 * A device reports its state (over MQTT or HTTPS): `{state: <merge patch of reported>}`. The
 * delta is recomputed, satisfied desired keys get `appliedAt`, and whatever is still to do is
 * published to the device again: a device reports when it (re)connects, so this is also how a
 * device that missed a delta catches up. An empty report (`{"state": {}}`) changes nothing and
 * only asks for the current delta (the device SDK sends it on every connect).
 */
export async function reportDeviceState(
  deps: ShadowDeps,
  actor: Extract<ShadowActor, { type: "device" }>,
  input: { deviceId: string; message: unknown },
): Promise<ShadowUpdateResult> {
  const parsed = ZReportedStateMessage.safeParse(input.message);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError(
      "VALIDATION_FAILED",
      `send {"state": {...}}: ${issue?.path.join(".") || "body"}: ${issue?.message ?? "invalid"}`,
      { reason: "invalid_report" },
    );
  }
  if (Object.keys(parsed.data.state).length === 0) {
    const device = await resolveShadowDevice(deps.prisma, actor, input.deviceId);
    const shadow = await readShadow(deps.prisma, device.id);
    return { shadow, deltaPublished: await publishDelta(deps, device.fleetId, shadow) };
  }
  return updateShadow(deps, actor, { deviceId: input.deviceId, section: "reported", patch: parsed.data.state });
}
