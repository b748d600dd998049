import { webcrypto } from "node:crypto";

/**
 * 128 random bits as hex. @peculiar/x509 encodes it as a positive INTEGER and reports it back
 * without leading zero bytes, so callers should record `certificate.serialNumber`, not this input.
 */
export function randomSerialHex(): string {
  return Buffer.from(webcrypto.getRandomValues(new Uint8Array(16))).toString("hex");
}

/** The canonical form used across the platform: lowercase hex, no leading zero bytes. */
export function normalizeSerial(serial: string): string {
  const hex = serial.toLowerCase().replace(/[^0-9a-f]/g, "");
  const stripped = hex.replace(/^(00)+/, "");
  return stripped.length === 0 ? "00" : stripped.length % 2 ? `0${stripped}` : stripped;
}
