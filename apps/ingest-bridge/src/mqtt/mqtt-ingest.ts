import type { Logger } from "@fleetwire/core";
import { type BridgeEnv, MAX_BRIDGE_SESSIONS } from "../env.ts";
import type { IngestOutcome, IngestService } from "../pipeline/ingest-service.ts";
import { type MessageHandler, type SubscriberSession, startSubscriberSession } from "./subscriber-session.ts";
import { parseTelemetryTopic, telemetrySharedSubscription } from "./telemetry-topic.ts";

/** MQTT 5 PUBACK reason codes the bridge sends to the broker. */
const PUBACK = {
  success: 0x00,
  unspecifiedError: 0x80,
  notAuthorized: 0x87,
  quotaExceeded: 0x97,
  payloadFormatInvalid: 0x99,
} as const;

/**
 * PUBACK reason for an outcome. Only `refused` messages are not in Kafka; everything else was
 * written (raw or dead-letter) before this is sent. The broker treats any PUBACK as delivered:
 * the reason code is information, not a request to redeliver (PUBACK may not carry 0x95, so an
 * over-size payload that got past the broker's max_packet_size is reported as 0x99).
 */
export function pubackReason(outcome: IngestOutcome): number {
  if (outcome.status === "accepted") return PUBACK.success;
  if (outcome.status === "refused") {
    return outcome.reason === "rate_limited" ? PUBACK.quotaExceeded : PUBACK.payloadFormatInvalid;
  }
  const reason = outcome.rejections[0]?.reason;
  return reason === "unknown_device" || reason === "device_inactive" || reason === "device_mismatch"
    ? PUBACK.notAuthorized
    : PUBACK.payloadFormatInvalid;
}

export interface MqttIngest {
  connected(): boolean;
  /** Stops taking messages; unacknowledged ones stay with the broker for the next start. */
  stop(): Promise<void>;
}

/** A retired session counts as drained once nothing arrived for this long after its UNSUBACK. */
const RETIRE_IDLE_MS = 2_000;
const RETIRE_PARALLEL = 32;

/**
 * Reads device telemetry through the shared subscription with QoS 1 and acknowledges each
 * message only after Kafka has it. Each of the `mqttConnections` sessions (subscriber-session.ts)
 * has up to `mqttReceiveMaximum` messages in flight; their messages meet in the batching writer.
 *
 * Each session has a stable client id (instance + index), clean start false and a long session
 * expiry: if the process dies, the broker keeps its unacknowledged and newly queued messages and
 * redelivers them when the same instance reconnects.
 */
export async function startMqttIngest(env: BridgeEnv, ingest: IngestService, log: Logger): Promise<MqttIngest> {
  const subscription = telemetrySharedSubscription(env.bridge.shareGroup);
  const handle: MessageHandler = async ({ topic, payload }) => {
    const parsed = parseTelemetryTopic(topic);
    if (!parsed) {
      log.warn({ topic }, "message on an unexpected topic; acknowledged and dropped");
      ingest.countRejection("unknown", "mqtt", "invalid_topic");
      return PUBACK.unspecifiedError;
    }
    return pubackReason(await ingest.ingestPayload({ protocol: "mqtt", ...parsed, payload }));
  };
  const open = (index: number, subscribe: boolean) =>
    startSubscriberSession(
      {
        host: env.mqttService.host,
        port: env.mqttService.port,
        clientId: `fleetwire-bridge-${env.bridge.instance}-${index}`,
        username: env.mqttService.username,
        password: env.mqttService.password,
        sessionExpirySeconds: env.bridge.sessionExpirySeconds,
        receiveMaximum: env.bridge.mqttReceiveMaximum,
        keepaliveSeconds: 30,
        subscription: subscribe ? { topic: subscription, qos: 1 } : null,
        reconnect: { minMs: 500, maxMs: 30_000 },
        connectTimeoutMs: 10_000,
        log,
      },
      handle,
    );

  // In parallel: a resumed session starts receiving its queued messages at once.
  const settled = await Promise.allSettled(Array.from({ length: env.bridge.mqttConnections }, (_, i) => open(i, true)));
  const sessions = settled.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
  const failed = settled.find((r) => r.status === "rejected");
  if (failed) {
    await Promise.all(sessions.map((s) => s.stop()));
    throw failed.reason;
  }
  log.info(
    {
      sessions: sessions.length,
      receiveMaximum: env.bridge.mqttReceiveMaximum,
      subscription,
    },
    "MQTT ingest subscribed",
  );

  let stopping = false;
  const retiring = new Set<SubscriberSession>();
  /**
   * The broker hands a share of the telemetry to every session of the share group, connected or
   * not, so sessions left over from a larger FLEETWIRE_BRIDGE_MQTT_CONNECTIONS would collect
   * messages nobody reads. Each one found is resumed, unsubscribed, emptied through the same
   * path (acknowledged after Kafka) and then ended.
   */
  let retiredCount = 0;
  const retireSession = async (index: number) => {
    const session = await open(index, false);
    retiring.add(session);
    try {
      if (session.sessionPresent) {
        retiredCount++;
        await session.unsubscribe(subscription);
        while (!stopping && (session.inFlight() > 0 || session.idleMs() < RETIRE_IDLE_MS)) {
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
        if (!stopping) log.info({ index }, "MQTT session left over from a larger configuration emptied and ended");
      }
      // Stopping half-way: keep the session (and what it still holds) for the next start.
      await session.stop({ endSession: !stopping });
    } finally {
      retiring.delete(session);
    }
  };
  // Several at once: until a surplus session is unsubscribed it keeps collecting its share.
  const retireSurplusSessions = async () => {
    let next = env.bridge.mqttConnections;
    const worker = async () => {
      while (next < MAX_BRIDGE_SESSIONS && !stopping) await retireSession(next++);
    };
    await Promise.all(Array.from({ length: RETIRE_PARALLEL }, worker));
    // Until this line, a crash can leave the probing sessions behind (empty and unsubscribed:
    // they collect nothing, and the next start ends them).
    if (!stopping) log.info({ found: retiredCount }, "checked for MQTT sessions left over from a larger configuration");
  };
  const retired = retireSurplusSessions().catch((error: Error) =>
    log.warn({ err: error }, "could not check for MQTT sessions left over from a larger configuration"),
  );

  return {
    connected: () => sessions.every((s) => s.connected()),
    async stop() {
      stopping = true;
      // Messages already being written finish and get their PUBACK before disconnecting.
      await Promise.all([...sessions, ...retiring].map((s) => s.stop()));
      await retired;
    },
  };
}
