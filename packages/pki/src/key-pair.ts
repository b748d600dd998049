import { EC_KEY_ALGORITHM } from "./ca-signer.ts";
import type { Crypto, CryptoKey, CryptoKeyPair } from "./web-crypto.ts";
import { PemConverter } from "./x509.ts";

/** A fresh P-256 key pair; extractable so the local CA and issued leaf keys can be exported once. */
export async function generateP256KeyPair(crypto: Crypto = globalThis.crypto): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey(EC_KEY_ALGORITHM, true, ["sign", "verify"]);
}

export async function exportPrivateKeyPkcs8(
  key: CryptoKey,
  crypto: Crypto = globalThis.crypto,
): Promise<Buffer<ArrayBuffer>> {
  return Buffer.from(await crypto.subtle.exportKey("pkcs8", key));
}

export async function exportPrivateKeyPem(key: CryptoKey, crypto: Crypto = globalThis.crypto): Promise<string> {
  return `${PemConverter.encode(await exportPrivateKeyPkcs8(key, crypto), "PRIVATE KEY")}\n`;
}

/**
 * Imports a PKCS#8 P-256 key for signing only; non-extractable so it cannot leak from here on.
 * Bytes are `Uint8Array<ArrayBuffer>` here and in the parsers: WebCrypto's `BufferSource` (in the
 * DOM lib the console compiles this with) does not take views of a SharedArrayBuffer.
 */
export async function importSigningKey(
  pkcs8: Uint8Array<ArrayBuffer>,
  crypto: Crypto = globalThis.crypto,
): Promise<CryptoKey> {
  return crypto.subtle.importKey("pkcs8", pkcs8, EC_KEY_ALGORITHM, false, ["sign"]);
}
