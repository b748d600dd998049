/**
 * `pnpm --filter @fleetwire/console typecheck`: the console's own files, type-checked with the
 * control plane's router type in the program.
 *
 * Why filtered: importing `AppRouter` pulls the control plane's sources (and @fleetwire/pki)
 * into this program, which has the DOM lib. TypeScript 5.9's DOM `CryptoKey` lacks the
 * ML-KEM key usages @types/node 24.19 has, so server code that hands Node's webcrypto to
 * @peculiar/x509 fails here while it passes under its own (Node-only) tsconfig. Those files are
 * checked by their own packages; this check reports errors in the console's files only.
 */
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";

const appDir = path.resolve(import.meta.dirname, "..");
const require = createRequire(path.join(appDir, "package.json"));
const run = (bin: string, args: string[]) =>
  spawnSync(process.execPath, [bin, ...args], { cwd: appDir, encoding: "utf8", env: { ...process.env } });

const typegen = run(require.resolve("next/dist/bin/next"), ["typegen"]);
if (typegen.status !== 0) {
  process.stderr.write(typegen.stderr || typegen.stdout);
  process.exit(typegen.status ?? 1);
}

const tsc = run(require.resolve("typescript/bin/tsc"), ["-p", ".", "--pretty", "false"]);
// An error starts a line with "file(line,col): error"; continuation lines are indented.
const blocks = tsc.stdout.split(/\n(?=\S)/).filter((b) => /\): error TS\d+/.test(b));
const own = blocks.filter((b) => !b.startsWith("../"));
const elsewhere = blocks.length - own.length;
if (own.length > 0) process.stdout.write(`${own.join("\n")}\n`);
if (elsewhere > 0) {
  process.stdout.write(`(${elsewhere} error(s) in other packages' files under the DOM lib not shown; see the comment in this script)\n`);
}
process.exit(own.length > 0 ? 1 : 0);
