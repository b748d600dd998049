import { z } from "zod";

/**
 * Presence as every broker profile reports it, before the control plane records it (with
 * `recordDevicePresence` in @fleetwire/registry, which takes this type):
 * connected / disconnected with the connection's start time, rejected with a reason.
 */
export type BrokerPresenceEvent =
  | { kind: "connected"; deviceId: string; at: Date; connectionStartedAt: Date; details: Record<string, unknown> }
  | {
      kind: "disconnected";
      deviceId: string;
      at: Date;
      connectionStartedAt: Date;
      reason: string;
      details: Record<string, unknown>;
    }
  | { kind: "rejected"; deviceId: string; at: Date; reason: string; details: Record<string, unknown> };

/**
 * Mosquitto: the fleetwire_clientid plugin publishes each device connect, disconnect and refused
 * client id (QoS 1, not retained) to `fleetwire/presence/{identity}`. Only platform services may
 * read it: devices' dynamic-security roles allow their own topics only.
 */
export const PRESENCE_TOPIC_PREFIX = "fleetwire/presence/";
/** Control-plane processes share the presence messages, each handled once. */
export const PRESENCE_SHARED_SUBSCRIPTION = "$share/presence/fleetwire/presence/+";

const isoTime = z.iso.datetime({ offset: true }).transform((value) => new Date(value));
const ZMosquittoPresenceMessage = z.object({
  event: z.enum(["connected", "disconnected", "rejected"]),
  /** Certificate CN or PSK identity: the device. */
  identity: z.string().min(1).max(255),
  /** The client id sent in CONNECT (for a refusal, the one that did not match). */
  client_id: z.string().max(65535),
  listener: z.enum(["mtls", "psk"]),
  protocol_version: z.number().int(),
  address: z.string().max(255),
  at: isoTime,
  connection_started_at: isoTime.optional(),
  reason: z.string().max(255).optional(),
});

/** The plugin's JSON (infra/mosquitto/plugins/fleetwire_clientid.c) as a presence event; undefined when malformed. */
export function parseMosquittoPresence(topic: string, payload: Buffer | string): BrokerPresenceEvent | undefined {
  if (!topic.startsWith(PRESENCE_TOPIC_PREFIX)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(payload.toString());
  } catch {
    return undefined;
  }
  const parsed = ZMosquittoPresenceMessage.safeParse(json);
  if (!parsed.success || parsed.data.identity !== topic.slice(PRESENCE_TOPIC_PREFIX.length)) return undefined;
  const m = parsed.data;
  const details = {
    broker: "mosquitto",
    listener: m.listener,
    protocol_version: m.protocol_version,
    address: m.address,
    client_id: m.client_id,
  };
  if (m.event === "rejected") {
    return { kind: "rejected", deviceId: m.identity, at: m.at, reason: m.reason ?? "refused", details };
  }
  if (!m.connection_started_at) return undefined;
  const common = { deviceId: m.identity, at: m.at, connectionStartedAt: m.connection_started_at, details };
  return m.event === "connected"
    ? { kind: "connected", ...common }
    : { kind: "disconnected", ...common, reason: m.reason ?? "closed" };
}
