import type { TLSSocket } from "node:tls";
import { AppError, type Logger } from "@fleetwire/core";
import type { DeviceCredentials, DeviceEntry } from "@fleetwire/ingest";
import Fastify, { type FastifyError, type FastifyReply } from "fastify";
import type { IngestService } from "../pipeline/ingest-service.ts";
import { discardRequestBody } from "./discard-request-body.ts";

declare module "fastify" {
  interface FastifyRequest {
    device?: DeviceEntry;
  }
}

export interface IngestHttpsOptions {
  /** Server certificate followed by the issuing CA, and its key. */
  certPem: string;
  keyPem: string;
  /** The platform CA chain: the only issuer whose client certificates are accepted. */
  caChainPem: string;
  maxPayloadBytes: number;
  /** Answer 503 if Kafka has not acknowledged within this time (the client retries). */
  kafkaTimeoutMs?: number;
}

/**
 * POST /v1/telemetry over mutual TLS. The TLS layer verifies the client certificate against the
 * platform CA but lets unverified clients finish the handshake, so they get a JSON 401 rather
 * than a bare TLS alert. 202 once Kafka has the message(s).
 */
export function buildIngestHttpsServer(
  options: IngestHttpsOptions,
  deps: { ingest: IngestService; credentials: DeviceCredentials; log: Logger },
) {
  const app = Fastify({
    logger: false,
    bodyLimit: options.maxPayloadBytes,
    https: {
      cert: options.certPem,
      key: options.keyPem,
      ca: options.caChainPem,
      requestCert: true,
      rejectUnauthorized: false,
      minVersion: "TLSv1.2",
    },
  });

  // Keep the raw bytes: invalid JSON is quarantined like any other invalid payload.
  app.removeContentTypeParser(["application/json"]);
  app.addContentTypeParser("application/json", { parseAs: "buffer" }, (_request, body, done) => done(null, body));

  const send = (reply: FastifyReply, error: AppError) => reply.status(error.httpStatus).send(error.toJSON());

  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    if (error instanceof AppError) return send(reply, error);
    if (error.statusCode === 413) {
      // Refused on its Content-Length before it was read: let the upload finish so the client sees the 413.
      await discardRequestBody(request.raw, 16 * options.maxPayloadBytes, 10_000);
      return send(reply, new AppError("PAYLOAD_TOO_LARGE", `the body exceeds ${options.maxPayloadBytes} bytes`));
    }
    if (error.statusCode === 415)
      return send(reply, new AppError("UNSUPPORTED_MEDIA_TYPE", "send Content-Type: application/json"));
    if (error.statusCode && error.statusCode < 500) return send(reply, new AppError("BAD_REQUEST", error.message));
    deps.log.error({ err: error }, "HTTP ingest failed");
    return send(reply, new AppError("INTERNAL", "internal error"));
  });
  app.setNotFoundHandler((_request, reply) => send(reply, new AppError("NOT_FOUND", "no such endpoint")));

  // Authentication before the body is read: an unknown client costs no parsing.
  app.addHook("onRequest", async (request) => {
    const socket = request.raw.socket as TLSSocket;
    const peer = socket.getPeerCertificate();
    if (!peer || Object.keys(peer).length === 0) {
      throw new AppError("UNAUTHENTICATED", "a client certificate is required");
    }
    if (!socket.authorized) {
      throw new AppError(
        "UNAUTHENTICATED",
        `the client certificate is not accepted (${String(socket.authorizationError)})`,
      );
    }
    const commonName = Array.isArray(peer.subject?.CN) ? peer.subject.CN[0] : peer.subject?.CN;
    if (!commonName) throw new AppError("UNAUTHENTICATED", "the client certificate has no common name");
    request.device = await deps.credentials.deviceForCertificate({ serialNumber: peer.serialNumber, commonName });
  });

  app.post("/v1/telemetry", async (request, reply) => {
    const device = request.device as DeviceEntry;
    const body = request.body;
    if (!Buffer.isBuffer(body)) throw new AppError("UNSUPPORTED_MEDIA_TYPE", "send Content-Type: application/json");
    const outcome = await withTimeout(deps.ingest.ingestHttpBody(device.id, body), options.kafkaTimeoutMs ?? 10_000);
    switch (outcome.status) {
      case "accepted":
        return reply.status(202).send({ accepted: outcome.messageIds.length, message_ids: outcome.messageIds });
      case "refused":
        if (outcome.reason === "rate_limited") {
          const seconds = Math.max(1, Math.ceil(outcome.retryAfterMs / 1000));
          reply.header("Retry-After", String(seconds));
          return send(reply, new AppError("RATE_LIMITED", `rate limit exceeded; retry after ${seconds} s`));
        }
        return send(reply, new AppError("PAYLOAD_TOO_LARGE", outcome.detail));
      case "quarantined": {
        const rejected = outcome.rejections.map((r) => ({
          ...(r.index !== undefined ? { index: r.index } : {}),
          ...(r.messageId ? { message_id: r.messageId } : {}),
          reason: r.reason,
          detail: r.detail,
        }));
        const first = rejected[0];
        const code = first?.reason === "device_mismatch" ? "FORBIDDEN" : "VALIDATION_FAILED";
        const message = `${rejected.length} message(s) rejected; nothing was accepted (first: ${first?.reason}: ${first?.detail})`;
        return send(reply, new AppError(code, message, { rejected }));
      }
    }
  });

  return app;
}

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new AppError("UNAVAILABLE", "Kafka did not acknowledge in time; retry")), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
