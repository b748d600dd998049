/**
 * `pnpm --filter @fleetwire/console start|dev`: runs `next start` or `next dev` on the console
 * port of the active profile, after validating the console's settings (one line on error).
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { ConfigError } from "@fleetwire/config";
import { loadConsoleEnv } from "../src/env.ts";

const mode = process.argv[2];
if (mode !== "dev" && mode !== "start") {
  console.error("usage: run-next.ts dev|start");
  process.exit(2);
}

let env: ReturnType<typeof loadConsoleEnv>;
try {
  env = loadConsoleEnv({ ...process.env, NODE_ENV: mode === "start" ? "production" : "development" });
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`console: invalid setting ${error.message}`);
    process.exit(1);
  }
  throw error;
}

const appDir = path.resolve(import.meta.dirname, "..");
const nextBin = createRequire(path.join(appDir, "package.json")).resolve("next/dist/bin/next");
const childEnv = {
  ...process.env,
  NEXT_TELEMETRY_DISABLED: "1",
  NEXTAUTH_URL: env.consoleUrl,
  NEXTAUTH_SECRET: env.authSecret,
};
const child = spawn(process.execPath, [nextBin, mode, "-p", String(env.port), "-H", env.host], {
  cwd: appDir,
  env: childEnv,
  stdio: "inherit",
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
