/**
 * `pnpm typecheck`: the workspace's Node-side sources as one program (tsconfig.json) and the
 * console's program (DOM lib, scripts/typecheck.ts there), side by side on the two cores. Both
 * always run to the end, so one report shows every type error; exits 1 if either failed.
 */
import { spawn } from "node:child_process";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const bin = path.join(root, "node_modules/.bin");

function run(command: string, args: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: "inherit" });
    child.on("exit", (code) => resolve(code ?? 1));
    child.on("error", () => resolve(127));
  });
}

const codes = await Promise.all([
  run(path.join(bin, "tsc"), ["-p", root]),
  run(path.join(bin, "tsx"), [path.join(root, "apps/console/scripts/typecheck.ts")]),
]);
process.exit(codes.every((code) => code === 0) ? 0 : 1);
