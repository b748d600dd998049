import type { Logger } from "@fleetwire/core";
import mqtt, { type MqttClient } from "mqtt";
import type { BridgeEnv } from "../env.ts";
import type { IngestOutcome, IngestService } from "../pipeline/ingest-service.ts";
import { parseTelemetryTopic, TELEMETRY_SHARED_SUBSCRIPTION } from "./telemetry-topic.ts";

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

/**
 * Reads device telemetry through the shared subscription with QoS 1 and acknowledges each
 * message only after Kafka has it (customHandleAcks; MQTT.js sends the PUBACK when its callback
 * is called). MQTT.js handles the next incoming packet of a connection only after that callback,
 * so one connection processes one message at a time; the process therefore opens
 * `mqttConnections` sessions in the same share group, and their messages meet in the batching
 * writer. That is also the in-flight bound: at most one unacknowledged message per connection.
 *
 * Each session has a stable client id (instance + index), clean start false and a long session
 * expiry: if the process dies, the broker keeps its unacknowledged and newly queued messages and
 * redelivers them when the same instance reconnects.
 */
export async function startMqttIngest(env: BridgeEnv, ingest: IngestService, log: Logger): Promise<MqttIngest> {
  let stopping = false;
  const inProgress = new Set<Promise<unknown>>();
  const handle = async (topic: string, payload: Buffer): Promise<number> => {
    const parsed = parseTelemetryTopic(topic);
    if (!parsed) {
      log.warn({ topic }, "message on an unexpected topic; acknowledged and dropped");
      ingest.countRejection("unknown", "mqtt", "invalid_topic");
      return PUBACK.unspecifiedError;
    }
    return pubackReason(await ingest.ingestPayload({ protocol: "mqtt", ...parsed, payload }));
  };

  const connectOne = async (index: number): Promise<MqttClient> => {
    const clientId = `fleetwire-bridge-${env.bridge.instance}-${index}`;
    const client = await mqtt.connectAsync(env.mqttService.url, {
      protocolVersion: 5,
      clientId,
      username: env.mqttService.username,
      password: env.mqttService.password,
      clean: false,
      properties: { sessionExpiryInterval: env.bridge.sessionExpirySeconds, receiveMaximum: 64 },
      reconnectPeriod: 1000,
      connectTimeout: 5000,
      customHandleAcks: (topic, message, _packet, done) => {
        // Stopping: leave it unacknowledged; the broker keeps it in this session for the next start.
        if (stopping) return;
        const work = handle(topic, message).then(
          (code) => done(code as Parameters<typeof done>[0]),
          (error: Error) => {
            // Not acknowledged: reconnecting makes the broker redeliver it (same session).
            log.error({ err: error, clientId, topic }, "could not ingest a message; reconnecting for redelivery");
            done(error);
            client.end(true, {}, () => client.reconnect());
          },
        );
        inProgress.add(work);
        void work.finally(() => inProgress.delete(work));
      },
    });
    client.on("error", (error) => log.warn({ err: error, clientId }, "MQTT client error"));
    client.on("message", (topic, message, packet) => {
      // QoS 0 has no acknowledgement; QoS 1/2 went through customHandleAcks already.
      if (packet.qos === 0 && !stopping)
        void handle(topic, message).catch((error) => log.error({ err: error }, "QoS 0 ingest failed"));
    });
    const granted = await client.subscribeAsync(TELEMETRY_SHARED_SUBSCRIPTION, { qos: 1 });
    const code = granted[0]?.qos;
    if (code === undefined || code > 2)
      throw new Error(`subscription to ${TELEMETRY_SHARED_SUBSCRIPTION} refused (${code})`);
    return client;
  };

  // In parallel: a resumed session starts receiving its queued messages at once, and its SUBACK
  // waits behind them, so connecting one after another would hold up the rest of the queue.
  const settled = await Promise.allSettled(Array.from({ length: env.bridge.mqttConnections }, (_, i) => connectOne(i)));
  const clients = settled.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
  const failed = settled.find((r) => r.status === "rejected");
  if (failed) {
    await Promise.all(clients.map((c) => c.endAsync(true)));
    throw failed.reason;
  }
  log.info({ sessions: clients.length, subscription: TELEMETRY_SHARED_SUBSCRIPTION }, "MQTT ingest subscribed");

  return {
    connected: () => clients.every((c) => c.connected),
    async stop() {
      stopping = true;
      // Let messages already being written finish and get their PUBACK before disconnecting.
      await Promise.allSettled([...inProgress]);
      await Promise.all(clients.map((c) => c.endAsync(false).catch(() => {})));
    },
  };
}
