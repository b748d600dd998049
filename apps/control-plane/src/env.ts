import { loadPlatformConfig } from "@fleetwire/config";

/** The control plane's settings: the platform's, validated once at start. */
export function loadControlPlaneEnv(env: NodeJS.ProcessEnv = process.env) {
  return loadPlatformConfig(env);
}

export type ControlPlaneEnv = ReturnType<typeof loadControlPlaneEnv>;
