import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * CoAP request authentication (plain UDP; see ../README.md, "CoAP"). The device signs
 *
 *   "fleetwire-coap-v1" LF device_id LF payload-bytes
 *
 * with HMAC-SHA256 keyed by its PSK, and sends `?psk_id=<identity>&sig=<64 hex>`. The payload
 * carries the message id and timestamp, so both are signed: a replay is either a duplicate
 * (same message id, removed downstream) or falls outside the clock-skew window.
 */
export const COAP_SIGNATURE_CONTEXT = "fleetwire-coap-v1";

export function signCoapTelemetry(psk: Buffer, deviceId: string, payload: Buffer): string {
  return createHmac("sha256", psk).update(`${COAP_SIGNATURE_CONTEXT}\n${deviceId}\n`).update(payload).digest("hex");
}

export function verifyCoapSignature(psk: Buffer, deviceId: string, payload: Buffer, signatureHex: string): boolean {
  if (!/^[0-9a-fA-F]{64}$/.test(signatureHex)) return false;
  const expected = Buffer.from(signCoapTelemetry(psk, deviceId, payload), "hex");
  return timingSafeEqual(expected, Buffer.from(signatureHex, "hex"));
}
