import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signCoapTelemetry, verifyCoapSignature } from "./coap-signature.ts";
import { openDevicePsk, sealDevicePsk } from "./device-psk-encryption.ts";

describe("CoAP signatures and sealed PSKs", () => {
  const psk = randomBytes(32);
  const payload = Buffer.from('{"message_id":"1"}');

  it("verifies the device's HMAC and refuses another key, device or payload", () => {
    const sig = signCoapTelemetry(psk, "dev-1", payload);
    expect(verifyCoapSignature(psk, "dev-1", payload, sig)).toBe(true);
    expect(verifyCoapSignature(randomBytes(32), "dev-1", payload, sig)).toBe(false);
    expect(verifyCoapSignature(psk, "dev-2", payload, sig)).toBe(false);
    expect(verifyCoapSignature(psk, "dev-1", Buffer.from("{}"), sig)).toBe(false);
    expect(verifyCoapSignature(psk, "dev-1", payload, "zz")).toBe(false);
  });

  it("round-trips a PSK sealed with the platform secret key, and fails under another key", () => {
    const secret = randomBytes(32);
    const sealed = sealDevicePsk(psk, secret);
    expect(openDevicePsk(sealed, secret).equals(psk)).toBe(true);
    expect(() => openDevicePsk(sealed, randomBytes(32))).toThrow();
  });
});
