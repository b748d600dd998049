import { APP_ERRORS, type AppError, isAppError, type Logger } from "@fleetwire/core";
import { type DeviceCredentials, verifyCoapSignature } from "@fleetwire/ingest";
import coap, { type IncomingMessage, type OutgoingMessage } from "coap";
import type { IngestService } from "../pipeline/ingest-service.ts";
import { createCoapSocket } from "./coap-socket.ts";

/**
 * CoAP ingest on plain UDP (RFC 7252). A device POSTs its envelope to
 *
 *   coap://<host>:<port>/t/{device_id}?psk_id={identity}&sig={hex HMAC-SHA256}
 *
 * signed with its PSK (packages/ingest/src/auth/coap-signature.ts). Responses: 2.04 Changed
 * (in Kafka), 4.00 (quarantined, the reason in the payload), 4.01 (no or wrong signature, unknown
 * or revoked PSK), 4.03 (PSK of another device), 4.13 (too large), 4.29 (rate limit; Max-Age says
 * when to retry), 4.04/4.05 for other paths and methods. An empty Confirmable message (CoAP
 * ping) gets a Reset from the library. In production devices reach EMQX's CoAP gateway over DTLS,
 * which publishes into MQTT and so into the MQTT path; this endpoint serves local development and
 * deployments that terminate DTLS in front of the bridge.
 */
export async function startCoapIngest(
  options: { host: string; port: number; maxPayloadBytes: number },
  deps: { ingest: IngestService; credentials: DeviceCredentials; log: Logger },
) {
  const type = options.host.includes(":") ? "udp6" : "udp4";
  const server = coap.createServer({ type });

  const answer = (res: OutgoingMessage, code: string, text: string, maxAgeSeconds?: number) => {
    res.code = code;
    res.setOption("Content-Format", "text/plain");
    if (maxAgeSeconds !== undefined) res.setOption("Max-Age", maxAgeSeconds);
    res.end(text);
  };

  const handle = async (req: IncomingMessage, res: OutgoingMessage) => {
    const url = new URL(req.url, "coap://bridge");
    const match = /^\/t\/([A-Za-z0-9._:-]{1,128})$/.exec(url.pathname);
    if (!match?.[1]) return answer(res, "4.04", "POST /t/{device_id}");
    if (req.method !== "POST") return answer(res, "4.05", "only POST");
    const deviceId = match[1];
    const payload = req.payload ?? Buffer.alloc(0);
    if (payload.length > options.maxPayloadBytes) {
      deps.ingest.countRejection(deviceId, "coap", "payload_too_large");
      return answer(res, "4.13", `payload of ${payload.length} bytes; the limit is ${options.maxPayloadBytes}`);
    }
    const pskId = url.searchParams.get("psk_id");
    const sig = url.searchParams.get("sig");
    if (!pskId || !sig) {
      deps.ingest.countRejection(deviceId, "coap", "unauthenticated");
      return answer(res, "4.01", "psk_id and sig query parameters are required");
    }
    const { key } = await deps.credentials.pskFor(pskId, deviceId);
    if (!verifyCoapSignature(key, deviceId, payload, sig)) {
      deps.ingest.countRejection(deviceId, "coap", "unauthenticated");
      return answer(res, "4.01", "bad signature");
    }
    const outcome = await deps.ingest.ingestPayload({ protocol: "coap", deviceId, payload });
    switch (outcome.status) {
      case "accepted":
        return answer(res, "2.04", outcome.messageIds[0] ?? "");
      case "quarantined": {
        const first = outcome.rejections[0];
        return answer(res, "4.00", `${first?.reason}: ${first?.detail}`);
      }
      case "refused":
        return outcome.reason === "rate_limited"
          ? answer(res, "4.29", "rate limit exceeded", Math.max(1, Math.ceil(outcome.retryAfterMs / 1000)))
          : answer(res, "4.13", outcome.detail);
    }
  };

  server.on("request", (req: IncomingMessage, res: OutgoingMessage) => {
    handle(req, res).catch((error: unknown) => {
      if (isAppError(error)) {
        if (error.code === "UNAUTHENTICATED") deps.ingest.countRejection("unknown", "coap", "unauthenticated");
        return answer(res, coapCode(error), error.message);
      }
      deps.log.error({ err: error }, "CoAP ingest failed");
      return answer(res, "5.00", "internal error");
    });
  });
  server.on("error", (error: Error) => deps.log.error({ err: error }, "CoAP server error"));

  const socket = createCoapSocket(type, options.maxPayloadBytes);
  await new Promise<void>((resolve, reject) => {
    socket.once("error", reject);
    socket.bind(options.port, options.host, () => {
      socket.off("error", reject);
      resolve();
    });
  });
  server.listen(socket);

  return {
    stop: () =>
      new Promise<void>((resolve) => {
        server.close();
        socket.close(() => resolve());
      }),
  };
}

function coapCode(error: AppError): string {
  return APP_ERRORS[error.code].coap;
}
