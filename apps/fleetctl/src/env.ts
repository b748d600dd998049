import os from "node:os";
import path from "node:path";
import { ConfigError, loadPlatformConfig } from "@fleetwire/config";
import { z } from "zod";

const ZFleetctlEnv = z.object({
  /** An API token for automation; overrides the signed-in session. */
  FLEETWIRE_TOKEN: z.string().min(1).optional(),
  /** The control plane to talk to; defaults to the local platform's (profile and port settings apply). */
  FLEETWIRE_CONTROL_PLANE_URL: z.url({ protocol: /^https?$/ }).optional(),
  XDG_CONFIG_HOME: z.string().min(1).optional(),
});

/** fleetctl's settings: where the control plane is, which token to send, where sessions are kept. */
export function loadFleetctlEnv(env: NodeJS.ProcessEnv = process.env) {
  const parsed = ZFleetctlEnv.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(String(issue?.path[0] ?? "environment"), issue?.message ?? "invalid");
  }
  const e = parsed.data;
  const controlPlaneUrl = (e.FLEETWIRE_CONTROL_PLANE_URL ?? loadPlatformConfig(env).urls.controlPlane).replace(
    /\/+$/,
    "",
  );
  const configHome = e.XDG_CONFIG_HOME ?? path.join(os.homedir(), ".config");
  return {
    controlPlaneUrl,
    token: e.FLEETWIRE_TOKEN,
    credentialsPath: path.join(configHome, "fleetwire", "credentials.json"),
    stdinIsTty: Boolean(process.stdin.isTTY),
  };
}

export type FleetctlEnv = ReturnType<typeof loadFleetctlEnv>;
