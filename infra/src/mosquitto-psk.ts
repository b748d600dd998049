import { existsSync, readFileSync } from "node:fs";
import type { PlatformConfig } from "@fleetwire/config";
import { writeAtomic } from "@fleetwire/pki";
import { mosquittoPaths } from "./mosquitto-paths.ts";

export interface PskEntry {
  /** The device id; becomes the MQTT username (use_identity_as_username). */
  identity: string;
  keyHex: string;
}

type Config = Pick<PlatformConfig, "stateDir" | "mqtt" | "pki">;

/**
 * Replaces the broker's PSK file (identity:hexkey per line). The control plane owns the PSK store
 * (encrypted in PostgreSQL, issue 3) and rewrites this file from it, then calls reloadMosquitto.
 */
export function writeMosquittoPskFile(config: Config, entries: readonly PskEntry[]): void {
  const lines = entries.map(({ identity, keyHex }) => {
    // A ':' or newline in the identity would let one entry forge another.
    if (!/^[A-Za-z0-9._-]{1,128}$/.test(identity)) throw new Error(`invalid PSK identity: ${identity}`);
    if (!/^([0-9a-fA-F]{2}){16,64}$/.test(keyHex)) throw new Error(`PSK for ${identity}: 16 to 64 bytes of hex`);
    return `${identity}:${keyHex.toLowerCase()}\n`;
  });
  writeAtomic(mosquittoPaths(config).pskFile, lines.join(""), 0o600);
}

export function readMosquittoPskFile(config: Config): PskEntry[] {
  const file = mosquittoPaths(config).pskFile;
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.includes(":"))
    .map((line) => {
      const at = line.lastIndexOf(":");
      return { identity: line.slice(0, at), keyHex: line.slice(at + 1).trim() };
    });
}
