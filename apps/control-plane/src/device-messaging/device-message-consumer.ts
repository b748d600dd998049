import {
  PRESENCE_SHARED_SUBSCRIPTION,
  PRESENCE_TOPIC_PREFIX,
  parseDeviceTopic,
  parseMosquittoPresence,
} from "@fleetwire/broker";
import { recordCommandReply } from "@fleetwire/commands";
import { isAppError, type Logger } from "@fleetwire/core";
import { recordDevicePresence } from "@fleetwire/registry";
import { reportDeviceState } from "@fleetwire/shadows";
import mqtt, { type MqttClient } from "mqtt";
import type { DeviceMessagingDeps } from "./device-messaging-services.ts";

/** Reported state and command answers of every device, shared among control-plane processes. */
export const SHADOW_REPORTED_SUBSCRIPTION = "$share/shadows/+/devices/+/shadow/reported";
export const COMMAND_RESPONSE_SUBSCRIPTION = "$share/commands/+/devices/+/commands/response";

export interface DeviceMessageConsumer {
  connected(): boolean;
  stop(): Promise<void>;
}

/**
 * The control plane's MQTT service client for what devices send back, and for the broker's
 * presence messages (Mosquitto's plugin: connects, disconnects, refused client ids). Each message is handled and
 * committed to PostgreSQL before its PUBACK (customHandleAcks), with clean start false and a
 * session expiry, so a control plane that restarts finds what arrived meanwhile. The broker's ACL
 * lets a device publish only under its own `{fleet}/devices/{id}/`, so the topic names the device;
 * a topic whose fleet is not the device's is dropped. A message that cannot be processed for good
 * (bad JSON, unknown command) is acknowledged and logged; a database failure is not acknowledged
 * and the session reconnects for redelivery.
 */
export async function startDeviceMessageConsumer(
  deps: () => Promise<DeviceMessagingDeps>,
  connection: { url: string; username: string; password: string; clientId: string; sessionExpirySeconds?: number },
  log: Logger,
): Promise<DeviceMessageConsumer> {
  let stopping = false;
  const inProgress = new Set<Promise<unknown>>();

  const handlePresence = async (topic: string, payload: Buffer) => {
    const event = parseMosquittoPresence(topic, payload);
    if (!event) {
      log.warn({ topic }, "malformed presence message; dropped");
      return;
    }
    const { presence } = await deps();
    const result = await recordDevicePresence(presence.prisma, event);
    if (!result.recorded) log.debug({ topic, kind: event.kind, reason: result.reason }, "presence event not recorded");
  };

  const handle = async (topic: string, payload: Buffer, correlationData: Buffer | undefined) => {
    if (topic.startsWith(PRESENCE_TOPIC_PREFIX)) return handlePresence(topic, payload);
    const parsed = parseDeviceTopic(topic);
    if (!parsed || (parsed.kind !== "shadow/reported" && parsed.kind !== "commands/response")) return;
    const { shadows, commands } = await deps();
    const device = await shadows.prisma.device.findUnique({
      where: { id: parsed.deviceId },
      select: { fleetId: true, status: true },
    });
    if (!device || device.fleetId !== parsed.fleetId) {
      log.warn({ topic }, "message for an unknown device or another fleet's topic; dropped");
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(payload.toString("utf8"));
    } catch {
      log.warn({ topic }, "device message is not JSON; dropped");
      return;
    }
    const actor = { type: "device" as const, deviceId: parsed.deviceId };
    try {
      if (parsed.kind === "shadow/reported") {
        await reportDeviceState(shadows, actor, { deviceId: parsed.deviceId, message: body });
      } else {
        await recordCommandReply(commands, actor, {
          commandId: correlationData?.toString("utf8") || undefined,
          reply: body,
        });
      }
    } catch (error) {
      if (!isAppError(error)) throw error;
      log.warn({ topic, code: error.code, err: error.message }, "device message refused");
    }
  };

  const client: MqttClient = await mqtt.connectAsync(connection.url, {
    protocolVersion: 5,
    clientId: connection.clientId,
    username: connection.username,
    password: connection.password,
    clean: false,
    properties: { sessionExpiryInterval: connection.sessionExpirySeconds ?? 24 * 3600, receiveMaximum: 32 },
    reconnectPeriod: 1_000,
    connectTimeout: 5_000,
    customHandleAcks: (topic, message, packet, done) => {
      if (stopping) return; // left unacknowledged: redelivered to this session at the next start
      const work = handle(topic, message, packet.properties?.correlationData).then(
        () => done(0),
        (error: Error) => {
          log.error({ err: error, topic }, "could not handle a device message; reconnecting for redelivery");
          done(error);
          client.end(true, {}, () => client.reconnect());
        },
      );
      inProgress.add(work);
      void work.finally(() => inProgress.delete(work));
    },
  });
  client.on("error", (err) => log.warn({ err }, "device message consumer MQTT error"));
  const granted = await client.subscribeAsync(
    [SHADOW_REPORTED_SUBSCRIPTION, COMMAND_RESPONSE_SUBSCRIPTION, PRESENCE_SHARED_SUBSCRIPTION],
    { qos: 1 },
  );
  for (const grant of granted) {
    if (grant.qos > 2) throw new Error(`subscription to ${grant.topic} refused (reason ${grant.qos})`);
  }
  log.info({ subscriptions: granted.map((g) => g.topic) }, "device message consumer subscribed");

  return {
    connected: () => client.connected,
    async stop() {
      stopping = true;
      await Promise.allSettled([...inProgress]);
      await client.endAsync(false).catch(() => {});
    },
  };
}
