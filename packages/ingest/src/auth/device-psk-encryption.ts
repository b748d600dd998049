import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/**
 * device_psks.encrypted_key as the schema documents it: base64 of iv (12 bytes) | GCM tag
 * (16 bytes) | ciphertext, AES-256-GCM under the platform secret key (FLEETWIRE_SECRET_KEY or
 * <stateDir>/secret.key). The control plane seals, the bridge opens to verify CoAP signatures.
 */
export function sealDevicePsk(key: Buffer, secretKey: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", secretKey, iv);
  const ciphertext = Buffer.concat([cipher.update(key), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString("base64");
}

export function openDevicePsk(encryptedKey: string, secretKey: Buffer): Buffer {
  const raw = Buffer.from(encryptedKey, "base64");
  if (raw.length < 12 + 16 + 1) throw new Error("encrypted PSK too short");
  const decipher = createDecipheriv("aes-256-gcm", secretKey, raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]);
}
