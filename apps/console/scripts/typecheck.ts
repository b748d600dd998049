/**
 * `pnpm --filter @fleetwire/console typecheck` (also run by the root `pnpm typecheck`): Next's
 * generated route types, then the console's program. Importing `AppRouter` pulls the control
 * plane's sources and the packages they use into this program under the DOM lib; they have to
 * compile here too, as they would in `next build`.
 */
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";

const appDir = path.resolve(import.meta.dirname, "..");
const require = createRequire(path.join(appDir, "package.json"));

// typegen chats about what it generated; show it only when it fails.
const typegen = spawnSync(process.execPath, [require.resolve("next/dist/bin/next"), "typegen"], {
  cwd: appDir,
  encoding: "utf8",
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
});
if (typegen.status !== 0) {
  process.stderr.write(typegen.stderr || typegen.stdout);
  process.exit(typegen.status ?? 1);
}

const tsc = spawnSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "."], {
  cwd: appDir,
  stdio: "inherit",
});
process.exit(tsc.status ?? 1);
