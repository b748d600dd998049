import type { webcrypto } from "node:crypto";

/**
 * The WebCrypto types @peculiar/x509's declarations name, whichever program compiles this package.
 *
 * The library types its parameters with the global `Crypto`/`CryptoKey`. Under the workspace's
 * Node-only lib those are Node's (`webcrypto.*`); the console's program has the DOM lib (the
 * AppRouter type pulls this package in), where they are the DOM's, whose `KeyUsage` lacks the
 * ML-KEM usages Node's has, so Node's types are not assignable there. Resolving to the global
 * when the DOM declares one (the same test @types/node uses for its globals) keeps keys, key
 * pairs and the crypto provider one consistent type in both programs.
 */
type DomGlobals = typeof globalThis extends { onmessage: unknown } ? typeof globalThis : Record<never, never>;

export type Crypto = DomGlobals extends { crypto: infer T } ? T : webcrypto.Crypto;
export type CryptoKey = DomGlobals extends { CryptoKey: { prototype: infer T } } ? T : webcrypto.CryptoKey;
export interface CryptoKeyPair {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
}
