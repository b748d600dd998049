import { isAppError } from "@fleetwire/core";
import type { FastifyError, FastifyReply } from "fastify";

const CODE_BY_STATUS: Record<number, string> = {
  400: "BAD_REQUEST",
  401: "UNAUTHENTICATED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  413: "PAYLOAD_TOO_LARGE",
  415: "UNSUPPORTED_MEDIA_TYPE",
  429: "RATE_LIMITED",
};

/** Every error as `{error: {code, message, details?}}` with its status; never a stack trace. */
export function replyWithError(error: FastifyError | Error, reply: FastifyReply) {
  if (isAppError(error)) {
    const retry = error.details?.retryAfterSeconds;
    if (typeof retry === "number") reply.header("retry-after", String(retry));
    return reply.status(error.httpStatus).send(error.toJSON());
  }
  const status = (error as { statusCode?: number }).statusCode ?? 500;
  const message = status >= 500 ? "internal error" : error.message;
  return reply
    .status(status)
    .send({ error: { code: CODE_BY_STATUS[status] ?? (status >= 500 ? "INTERNAL" : "BAD_REQUEST"), message } });
}
