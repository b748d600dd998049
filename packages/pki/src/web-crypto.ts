import type { webcrypto } from "node:crypto";

// The workspace compiles without the DOM library, so WebCrypto's types come from Node's module.
export type Crypto = webcrypto.Crypto;
export type CryptoKey = webcrypto.CryptoKey;
export type CryptoKeyPair = webcrypto.CryptoKeyPair;
