import { chmodSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { AppError } from "@fleetwire/core";
import type { PskEntry } from "../broker-profile.ts";

/**
 * EMQX's `psk_authentication.init_file` (emqx-5.8.md §5): one `identity:secret` per line, and the
 * secret is the RAW BYTES after the separator, not hex. We store keys as hex (Mosquitto's format),
 * so the file gets the decoded bytes. A key containing a CR or LF byte cannot be written that way
 * (EMQX splits lines and trims trailing CR/LF), so such a key is refused rather than silently
 * turned into a different key: PSKs meant for EMQX must be generated without 0x0a/0x0d bytes.
 */
const IDENTITY = /^[A-Za-z0-9._-]{1,128}$/;

export function isEmqxSafePskKey(keyHex: string): boolean {
  if (!/^([0-9a-fA-F]{2}){16,64}$/.test(keyHex)) return false;
  const key = Buffer.from(keyHex, "hex");
  return !key.includes(0x0a) && !key.includes(0x0d);
}

export function renderEmqxPskFile(entries: readonly PskEntry[]): Buffer {
  const lines = entries.map(({ identity, keyHex }) => {
    // A ':' or newline in the identity would let one entry forge another.
    if (!IDENTITY.test(identity)) throw new AppError("VALIDATION_FAILED", `invalid PSK identity: ${identity}`);
    if (!isEmqxSafePskKey(keyHex))
      throw new AppError("VALIDATION_FAILED", `PSK for ${identity}: 16 to 64 bytes of hex without 0x0a/0x0d bytes`, {
        identity,
      });
    return Buffer.concat([Buffer.from(`${identity}:`), Buffer.from(keyHex, "hex"), Buffer.from("\n")]);
  });
  return Buffer.concat(lines);
}

/** Replaces the file atomically (0600): EMQX reads it at node start only. */
export function writeEmqxPskFile(file: string, entries: readonly PskEntry[]): void {
  const content = renderEmqxPskFile(entries);
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, content, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, file);
}
