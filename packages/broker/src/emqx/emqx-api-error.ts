import { AppError, type AppErrorCode } from "@fleetwire/core";

/**
 * One error for everything EMQX's REST API can answer besides success (emqx-5.8.md §1.3, §1.7).
 * `code` is the string code most handlers send (`CLIENTID_NOT_FOUND`, `BAD_API_KEY_OR_SECRET`),
 * or the numeric MQTT reason code the publish handlers send instead (`reason_code: 151` for
 * packet_too_large). Transport failures have status 0 and code `TIMEOUT` or `UNREACHABLE`.
 */
export class EmqxApiError extends Error {
  override readonly name = "EmqxApiError";

  constructor(
    readonly status: number,
    readonly code: string | number,
    message: string,
    readonly path?: string,
  ) {
    super(message);
  }
}

/**
 * Numeric reason codes EMQX's publish handler answers with (emqx-5.8.md §1.4): 16
 * no_matching_subscribers, 131 (failed_to_dispatch, bad base64), 144 topic_name_invalid, and 151
 * with message packet_too_large. MQTT 5 itself names 0x95 (149) "packet too large"; the reference
 * records 151, so the size error is recognised by its message as well as by either number.
 */
export const EMQX_REASON_CODES = {
  NO_MATCHING_SUBSCRIBERS: 16,
  IMPLEMENTATION_SPECIFIC_ERROR: 131,
  TOPIC_NAME_INVALID: 144,
  PACKET_TOO_LARGE: 151,
} as const;

export function isEmqxPacketTooLarge(error: EmqxApiError): boolean {
  return error.message === "packet_too_large" || error.code === 151 || error.code === 149;
}

/** Builds the error from a response body of either shape; anything unparseable keeps the status. */
export function emqxErrorFromBody(status: number, body: unknown, path?: string): EmqxApiError {
  const record = typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {};
  const code =
    typeof record.code === "string"
      ? record.code
      : typeof record.reason_code === "number"
        ? record.reason_code
        : "HTTP_ERROR";
  const message = typeof record.message === "string" ? record.message : `EMQX answered HTTP ${status}`;
  return new EmqxApiError(status, code, message, path);
}

/**
 * How the control plane reports an EMQX failure to its own callers. A rejected API key is our
 * misconfiguration, not the caller's fault, so it is UNAVAILABLE (503) like a broker that is down.
 */
export function emqxErrorToAppError(error: EmqxApiError): AppError {
  const details = { emqxStatus: error.status, emqxCode: error.code };
  let code: AppErrorCode;
  if (isEmqxPacketTooLarge(error)) code = "PAYLOAD_TOO_LARGE";
  else if (error.status === 400) code = "BAD_REQUEST";
  else if (error.status === 404) code = "NOT_FOUND";
  else if (error.status === 409) code = "CONFLICT";
  else if (error.status === 0 || error.status === 401 || error.status === 403 || error.status === 503)
    code = "UNAVAILABLE";
  else code = "INTERNAL";
  return new AppError(code, `EMQX: ${error.message}`, details);
}
