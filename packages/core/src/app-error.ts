/**
 * The one error type of the platform. A code names what went wrong; the transport maps it once
 * to an HTTP status, a tRPC code, an MQTT 5 reason code or a CoAP response code.
 */
export const APP_ERRORS = {
  BAD_REQUEST: { http: 400, trpc: "BAD_REQUEST", mqtt: 0x83, coap: "4.00" },
  VALIDATION_FAILED: { http: 400, trpc: "BAD_REQUEST", mqtt: 0x99, coap: "4.00" },
  UNAUTHENTICATED: { http: 401, trpc: "UNAUTHORIZED", mqtt: 0x86, coap: "4.01" },
  FORBIDDEN: { http: 403, trpc: "FORBIDDEN", mqtt: 0x87, coap: "4.03" },
  NOT_FOUND: { http: 404, trpc: "NOT_FOUND", mqtt: 0x80, coap: "4.04" },
  CONFLICT: { http: 409, trpc: "CONFLICT", mqtt: 0x80, coap: "4.09" },
  PAYLOAD_TOO_LARGE: { http: 413, trpc: "PAYLOAD_TOO_LARGE", mqtt: 0x95, coap: "4.13" },
  UNSUPPORTED_MEDIA_TYPE: { http: 415, trpc: "UNSUPPORTED_MEDIA_TYPE", mqtt: 0x99, coap: "4.15" },
  RATE_LIMITED: { http: 429, trpc: "TOO_MANY_REQUESTS", mqtt: 0x97, coap: "4.29" },
  UNAVAILABLE: { http: 503, trpc: "INTERNAL_SERVER_ERROR", mqtt: 0x88, coap: "5.03" },
  INTERNAL: { http: 500, trpc: "INTERNAL_SERVER_ERROR", mqtt: 0x80, coap: "5.00" },
} as const;

export type AppErrorCode = keyof typeof APP_ERRORS;

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: AppErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.details = details;
  }

  get httpStatus(): number {
    return APP_ERRORS[this.code].http;
  }

  get mqttReasonCode(): number {
    return APP_ERRORS[this.code].mqtt;
  }

  /** The JSON body every HTTP endpoint answers with on error. */
  toJSON() {
    return { error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) } };
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
