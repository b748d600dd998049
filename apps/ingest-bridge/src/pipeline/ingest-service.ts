import type { Logger } from "@fleetwire/core";
import {
  type AcceptedTelemetry,
  buildDeadLetterRecord,
  buildTelemetryRecord,
  checkPayloadSize,
  type DeviceRateLimiter,
  type IngestContext,
  type IngestMetrics,
  type IngestProtocol,
  incrementRejectionCount,
  parseJsonPayload,
  type Rejection,
  reject,
  type TelemetryValidator,
  validateTelemetryMessage,
  validateTelemetryPayload,
} from "@fleetwire/ingest";
import type { Redis } from "ioredis";
import type { BatchingWriter } from "../kafka/batching-writer.ts";

/** What became of a message: in Kafka, quarantined in the dead-letter topic, or refused. */
export type IngestOutcome =
  | { status: "accepted"; messageIds: string[] }
  | { status: "quarantined"; rejections: (Rejection & { index?: number })[] }
  | { status: "refused"; reason: "rate_limited"; retryAfterMs: number }
  | { status: "refused"; reason: "payload_too_large"; detail: string };

export interface IngestServiceDeps {
  validator: TelemetryValidator;
  writer: BatchingWriter;
  limiter: DeviceRateLimiter;
  metrics: IngestMetrics;
  redis: Redis;
  log: Logger;
}

export interface IncomingPayload {
  protocol: IngestProtocol;
  deviceId: string;
  fleetId?: string;
  payload: Buffer;
}

/**
 * The one path every protocol takes: size -> rate limit -> validate -> Kafka. Resolves only
 * after Kafka acknowledged the record (telemetry.raw or telemetry.dlq), so a transport may
 * acknowledge its sender when this resolves and must not before.
 */
export function createIngestService(deps: IngestServiceDeps) {
  const { validator, writer, limiter, metrics, log } = deps;

  const countRejection = (deviceId: string, protocol: IngestProtocol, reason: string) => {
    metrics.rejected.inc({ protocol, reason });
    // For the console; a lost increment is not worth delaying or failing an acknowledgement.
    incrementRejectionCount(deps.redis, deviceId, reason).catch((error: Error) =>
      log.warn({ err: error, deviceId, reason }, "could not count a rejection in Redis"),
    );
  };

  /** Redis down must not stop ingestion: the limit fails open and says so. */
  const takeTokens = async (deviceId: string, cost: number) => {
    try {
      return await limiter.take(deviceId, cost);
    } catch (error) {
      log.warn({ err: error, deviceId }, "rate limiter unavailable; letting the message through");
      return { allowed: true, retryAfterMs: 0, remaining: 0 };
    }
  };

  const quarantine = async (rejections: Rejection[], context: IngestContext, payloads: Buffer[]) => {
    await writer.write(rejections.map((r, i) => buildDeadLetterRecord(r, context, payloads[i] ?? Buffer.alloc(0))));
    for (const r of rejections) countRejection(context.deviceId, context.protocol, r.reason);
  };

  const accept = async (accepted: AcceptedTelemetry[]) => {
    await writer.write(accepted.map(buildTelemetryRecord));
    const first = accepted[0];
    if (first) metrics.accepted.inc({ protocol: first.context.protocol }, accepted.length);
    return accepted.map((a) => a.envelope.message_id);
  };

  const refuseIfLimited = async (deviceId: string, protocol: IngestProtocol, cost: number) => {
    if (cost > limiter.limit.burst) {
      countRejection(deviceId, protocol, "payload_too_large");
      return {
        status: "refused",
        reason: "payload_too_large",
        detail: `${cost} messages in one request; at most ${limiter.limit.burst}`,
      } as const;
    }
    const tokens = await takeTokens(deviceId, cost);
    if (tokens.allowed) return null;
    countRejection(deviceId, protocol, "rate_limited");
    return { status: "refused", reason: "rate_limited", retryAfterMs: tokens.retryAfterMs } as const;
  };

  /** One raw message (MQTT, CoAP). An over-size payload is quarantined (capped) as well as refused. */
  async function ingestPayload(incoming: IncomingPayload): Promise<IngestOutcome> {
    const context: IngestContext = {
      deviceId: incoming.deviceId,
      protocol: incoming.protocol,
      receivedAt: new Date(),
      ...(incoming.fleetId !== undefined ? { fleetId: incoming.fleetId } : {}),
    };
    metrics.messagesIn.inc({ protocol: incoming.protocol });
    metrics.inFlight.inc({ protocol: incoming.protocol });
    try {
      const size = checkPayloadSize(incoming.payload, validator.limits);
      if (!size.ok) {
        await quarantine([size], context, [incoming.payload]);
        return { status: "refused", reason: "payload_too_large", detail: size.detail };
      }
      const limited = await refuseIfLimited(incoming.deviceId, incoming.protocol, 1);
      if (limited) {
        if (incoming.protocol === "mqtt") {
          const detail = `over the device's limit of ${limiter.limit.ratePerSecond} messages/s (burst ${limiter.limit.burst})`;
          await writer.write([buildDeadLetterRecord(reject("rate_limited", detail), context, incoming.payload)]);
        }
        return limited;
      }
      const result = await validateTelemetryPayload(incoming.payload, context, validator);
      if (!result.ok) {
        await quarantine([result], context, [incoming.payload]);
        return { status: "quarantined", rejections: [result] };
      }
      return { status: "accepted", messageIds: await accept([result.value]) };
    } finally {
      metrics.inFlight.dec({ protocol: incoming.protocol });
    }
  }

  /**
   * An HTTP body: one envelope or `{messages: [...]}`. All or nothing: if any message is invalid,
   * the invalid ones are quarantined, none is written to telemetry.raw, and the caller answers 400.
   */
  async function ingestHttpBody(deviceId: string, body: Buffer): Promise<IngestOutcome> {
    const context: IngestContext = { deviceId, protocol: "http", receivedAt: new Date() };
    metrics.inFlight.inc({ protocol: "http" });
    try {
      const json = parseJsonPayload(body);
      if (!json.ok) {
        metrics.messagesIn.inc({ protocol: "http" });
        await quarantine([json], context, [body]);
        return { status: "quarantined", rejections: [json] };
      }
      const batch = json.value as { messages?: unknown };
      const items = isBatch(batch) ? batch.messages : [json.value];
      metrics.messagesIn.inc({ protocol: "http" }, items.length);
      if (isBatch(batch) && items.length === 0) {
        const empty: Rejection = { ok: false, reason: "invalid_envelope", detail: "messages: the batch is empty" };
        await quarantine([empty], context, [body]);
        return { status: "quarantined", rejections: [empty] };
      }
      const limited = await refuseIfLimited(deviceId, "http", items.length);
      if (limited) return limited;
      const results = await Promise.all(items.map((item) => validateTelemetryMessage(item, context, validator)));
      const rejected = results.flatMap((r, index) => (r.ok ? [] : [{ ...r, index }]));
      if (rejected.length > 0) {
        const payloads = rejected.map((r) => Buffer.from(JSON.stringify(items[r.index])));
        await quarantine(rejected, context, payloads);
        return { status: "quarantined", rejections: rejected };
      }
      return {
        status: "accepted",
        messageIds: await accept(results.map((r) => (r as { value: AcceptedTelemetry }).value)),
      };
    } finally {
      metrics.inFlight.dec({ protocol: "http" });
    }
  }

  return { ingestPayload, ingestHttpBody, countRejection };
}

function isBatch(value: unknown): value is { messages: unknown[] } {
  return typeof value === "object" && value !== null && Array.isArray((value as { messages?: unknown }).messages);
}

export type IngestService = ReturnType<typeof createIngestService>;
