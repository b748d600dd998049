import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";

/** The client-id binding plugin's C source (see its header for why it exists). */
export const CLIENTID_PLUGIN_SOURCE = path.join(
  import.meta.dirname,
  "..",
  "mosquitto",
  "plugins",
  "fleetwire_clientid.c",
);

/**
 * Compiles infra/mosquitto/plugins/fleetwire_clientid.c into `<outDir>/fleetwire_clientid.so`
 * when the library is missing or the source changed since it was built (a SHA-256 stamp beside
 * it). Needs gcc and Debian's mosquitto-dev, libmosquitto-dev and libssl-dev (scripts/lib/toolchain.sh
 * installs them). Returns the library's path.
 */
export function ensureClientIdPlugin(outDir: string): string {
  const library = path.join(outDir, "fleetwire_clientid.so");
  const stamp = `${library}.sha256`;
  const source = readFileSync(CLIENTID_PLUGIN_SOURCE);
  const hash = createHash("sha256").update(source).digest("hex");
  if (existsSync(library) && existsSync(stamp) && readFileSync(stamp, "utf8").trim() === hash) return library;
  const building = `${library}.${process.pid}.tmp`;
  try {
    execFileSync(
      "gcc",
      ["-shared", "-fPIC", "-O2", "-Wall", "-Wextra", "-o", building, CLIENTID_PLUGIN_SOURCE, "-lcrypto"],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(
      `could not build the Mosquitto client-id plugin (needs gcc, mosquitto-dev, libmosquitto-dev, libssl-dev): ${stderr || (error as Error).message}`,
    );
  }
  renameSync(building, library);
  writeFileSync(stamp, `${hash}\n`);
  return library;
}
