import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { PlatformConfig } from "@fleetwire/config";

export type SecretKeyConfig = Pick<PlatformConfig, "stateDir" | "secretKeyHex">;

export function secretKeyFile(config: Pick<PlatformConfig, "stateDir">): string {
  return path.join(config.stateDir, "secret.key");
}

/**
 * The 32-byte key that encrypts private keys at rest. Production sets FLEETWIRE_SECRET_KEY (or
 * replaces the CaSigner with a KMS-backed one). Without it, local development and tests get a
 * generated key in <stateDir>/secret.key (0600): good enough on a laptop, not a production secret,
 * because it sits on the same disk as the keys it protects.
 */
export function loadSecretKey(config: SecretKeyConfig): Buffer {
  if (config.secretKeyHex) return Buffer.from(config.secretKeyHex, "hex");
  const file = secretKeyFile(config);
  try {
    return parseKeyFile(readFileSync(file, "utf8"), file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  mkdirSync(config.stateDir, { recursive: true });
  try {
    // `wx`: if another process created it a moment ago, keep theirs rather than overwrite it.
    writeFileSync(file, `${randomBytes(32).toString("hex")}\n`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  chmodSync(file, 0o600);
  return parseKeyFile(readFileSync(file, "utf8"), file);
}

function parseKeyFile(text: string, file: string): Buffer {
  const hex = text.trim();
  if (!/^[0-9a-f]{64}$/i.test(hex)) throw new Error(`${file}: expected 64 hex characters (a 32-byte key)`);
  return Buffer.from(hex, "hex");
}
