import { loadPlatformConfig } from "@fleetwire/config";

/**
 * The platform the browser tests talk to: always the `test` profile (console on 13000), which
 * `pnpm test` starts before Playwright runs. Other FLEETWIRE_* settings pass through unchanged.
 */
export const testPlatform = loadPlatformConfig({ ...process.env, FLEETWIRE_PROFILE: "test" });
