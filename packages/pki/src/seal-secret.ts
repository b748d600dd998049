import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { KeyDecryptionError } from "./private-key-encryption.ts";

/**
 * A small secret (a device PSK) sealed for a database column: base64 of iv (12) | tag (16) |
 * ciphertext, AES-256-GCM under the platform secret key. The label (e.g. "device-psk:<identity>")
 * is bound as additional authenticated data, so a ciphertext copied to another row does not open.
 */
export function sealSecret(plaintext: Uint8Array, secretKey: Buffer, label: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", secretKey, iv);
  cipher.setAAD(Buffer.from(label));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString("base64");
}

export function openSecret(sealed: string, secretKey: Buffer, label: string): Buffer {
  const raw = Buffer.from(sealed, "base64");
  if (raw.length < 29) throw new KeyDecryptionError(`sealed ${label}: too short`);
  const decipher = createDecipheriv("aes-256-gcm", secretKey, raw.subarray(0, 12));
  decipher.setAAD(Buffer.from(label));
  decipher.setAuthTag(raw.subarray(12, 28));
  try {
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]);
  } catch {
    throw new KeyDecryptionError(`cannot open the sealed ${label}: wrong secret key or tampered data`);
  }
}
