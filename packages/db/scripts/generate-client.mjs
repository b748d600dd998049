// Generates the Prisma client into src/generated/prisma (git-ignored) when the schema or the
// Prisma version changed since the last run. Runs as this package's postinstall and from
// `pnpm db:migrate`, offline: Prisma 7's generator is JavaScript, but its CLI insists on locating
// a native schema engine first, so we point that at an existing executable it never runs for
// `generate`. Plain JavaScript so that it runs before any TypeScript tooling is installed.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const packageDir = path.resolve(import.meta.dirname, "..");
const schemaPath = path.resolve(packageDir, "../../prisma/schema.prisma");
const outputDir = path.join(packageDir, "src/generated/prisma");
const stampPath = path.join(outputDir, ".schema-hash");

const require = createRequire(path.join(packageDir, "package.json"));
const prismaPackage = require.resolve("prisma/package.json");
const prismaVersion = JSON.parse(readFileSync(prismaPackage, "utf8")).version;
const hash = createHash("sha256").update(readFileSync(schemaPath)).update(prismaVersion).digest("hex");

const force = process.argv.includes("--force");
if (
  !force &&
  existsSync(path.join(outputDir, "client.ts")) &&
  existsSync(stampPath) &&
  readFileSync(stampPath, "utf8") === hash
) {
  process.exit(0);
}

const result = spawnSync(
  process.execPath,
  [
    path.join(path.dirname(prismaPackage), "build/index.js"),
    "generate",
    "--config",
    path.join(packageDir, "prisma.config.ts"),
  ],
  {
    cwd: packageDir,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
      PRISMA_HIDE_UPDATE_MESSAGE: "1",
      CHECKPOINT_DISABLE: "1",
    },
  },
);
if (result.status !== 0) {
  process.stderr.write(`prisma generate failed:\n${result.stdout}${result.stderr}`);
  process.exit(1);
}
writeFileSync(stampPath, hash);
process.stderr.write(
  `Prisma client ${prismaVersion} generated into ${path.relative(process.cwd(), outputDir) || "."}\n`,
);
