import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptPrivateKey, encryptPrivateKey } from "./private-key-encryption.ts";

describe("private key encryption", () => {
  const key = randomBytes(32);
  const plaintext = randomBytes(138);

  it("round-trips and never stores the plaintext", () => {
    const sealed = encryptPrivateKey(plaintext, key, "issuing-ca");
    expect(sealed).not.toContain(plaintext.toString("base64"));
    expect(decryptPrivateKey(sealed, key, "issuing-ca").equals(plaintext)).toBe(true);
  });

  it("rejects another key, another purpose and a tampered ciphertext", () => {
    const sealed = encryptPrivateKey(plaintext, key, "issuing-ca");
    expect(() => decryptPrivateKey(sealed, randomBytes(32), "issuing-ca")).toThrow(/secret key differs/);
    expect(() => decryptPrivateKey(sealed, key, "root-ca")).toThrow(/not "root-ca"/);
    const file = JSON.parse(sealed);
    const bytes = Buffer.from(file.ciphertext, "base64");
    bytes[0] = (bytes[0] ?? 0) ^ 1;
    const tampered = JSON.stringify({ ...file, ciphertext: bytes.toString("base64") });
    expect(() => decryptPrivateKey(tampered, key, "issuing-ca")).toThrow(/cannot decrypt/);
  });
});
