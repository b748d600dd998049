/**
 * Why a message was quarantined (dead-letter topic) instead of accepted. Each reason is a label
 * on the rejection metrics and a field of the per-device counts, so keep the set small and stable.
 */
export const REJECT_REASONS = [
  "payload_too_large",
  "invalid_json",
  "invalid_envelope",
  "clock_skew",
  "schema_violation",
  "model_schema_invalid",
  "unknown_device",
  "device_inactive",
  "device_mismatch",
  // MQTT only: the broker has already acknowledged the message to the device, which cannot be
  // told (neither Mosquitto 2.0 nor EMQX 5 lets a subscriber's PUBACK reach the publisher), so it
  // is quarantined rather than dropped. HTTP and CoAP senders are refused instead (429 / 4.29).
  "rate_limited",
] as const;

export type RejectReason = (typeof REJECT_REASONS)[number];

/**
 * Why a message was refused outright: not quarantined, not written anywhere. The sender is told
 * (HTTP status, CoAP code, MQTT 5 PUBACK reason to the broker) and may try again.
 */
export const REFUSAL_REASONS = ["rate_limited", "unauthenticated", "forbidden", "payload_too_large"] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

export interface Rejection {
  ok: false;
  reason: RejectReason;
  detail: string;
  /** The device's message id when the payload got far enough to show one. */
  messageId?: string;
}

export type StepResult<T> = { ok: true; value: T } | Rejection;

export const ok = <T>(value: T): StepResult<T> => ({ ok: true, value });
export const reject = (reason: RejectReason, detail: string): Rejection => ({ ok: false, reason, detail });
