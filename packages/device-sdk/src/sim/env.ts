import { loadPlatformConfig } from "@fleetwire/config";

/** The simulator's settings: the platform's (profile, ports, admin sign-in, state folder). */
export function loadSimEnv(env: NodeJS.ProcessEnv = process.env) {
  return loadPlatformConfig(env);
}

export type SimEnv = ReturnType<typeof loadSimEnv>;
