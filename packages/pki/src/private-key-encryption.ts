import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { z } from "zod";

/**
 * Private keys at rest: PKCS#8 DER sealed with AES-256-GCM. The purpose label is bound as
 * additional authenticated data, so a ciphertext cannot be swapped for another key's file.
 */
const ZEncryptedKeyFile = z.object({
  format: z.literal("fleetwire-encrypted-pkcs8"),
  version: z.literal(1),
  cipher: z.literal("aes-256-gcm"),
  purpose: z.string(),
  iv: z.base64(),
  tag: z.base64(),
  ciphertext: z.base64(),
});

export class KeyDecryptionError extends Error {
  override readonly name = "KeyDecryptionError";
}

export function encryptPrivateKey(pkcs8: Uint8Array, secretKey: Buffer, purpose: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", secretKey, iv);
  cipher.setAAD(Buffer.from(purpose));
  const ciphertext = Buffer.concat([cipher.update(pkcs8), cipher.final()]);
  const file = {
    format: "fleetwire-encrypted-pkcs8",
    version: 1,
    cipher: "aes-256-gcm",
    purpose,
    iv: iv.toString("base64"),
    tag: cipher.getAuthTag().toString("base64"),
    ciphertext: ciphertext.toString("base64"),
  } satisfies z.infer<typeof ZEncryptedKeyFile>;
  return `${JSON.stringify(file, null, 2)}\n`;
}

export function decryptPrivateKey(text: string, secretKey: Buffer, purpose: string): Buffer<ArrayBuffer> {
  const parsed = ZEncryptedKeyFile.safeParse(JSON.parse(text));
  if (!parsed.success) throw new KeyDecryptionError("not a fleetwire encrypted key file");
  const file = parsed.data;
  if (file.purpose !== purpose) throw new KeyDecryptionError(`key file is for "${file.purpose}", not "${purpose}"`);
  const decipher = createDecipheriv("aes-256-gcm", secretKey, Buffer.from(file.iv, "base64"));
  decipher.setAAD(Buffer.from(purpose));
  decipher.setAuthTag(Buffer.from(file.tag, "base64"));
  try {
    return Buffer.concat([decipher.update(Buffer.from(file.ciphertext, "base64")), decipher.final()]);
  } catch {
    throw new KeyDecryptionError(
      `cannot decrypt the ${purpose} key: the secret key differs from the one it was sealed with`,
    );
  }
}
