import { AppError } from "@fleetwire/core";
import { ZReportedStateMessage } from "./schemas.ts";
import type { ShadowActor, ShadowDeps } from "./shadow-deps.ts";
import { type ShadowUpdateResult, updateShadow } from "./update-shadow.ts";

/**
 * A device reports its state (over MQTT or HTTPS): `{state: <merge patch of reported>}`. The
 * delta is recomputed, satisfied desired keys get `appliedAt`, and whatever is still to do is
 * published to the device again: a device reports when it (re)connects, so this is also how a
 * device that missed a delta catches up.
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
  return updateShadow(deps, actor, { deviceId: input.deviceId, section: "reported", patch: parsed.data.state });
}
