import { z } from "zod";
import type { BrokerPresenceEvent } from "../device-presence.ts";

/**
 * EMQX 5.8's rule-engine client events, as the `fleetwire_presence` rule in infra/emqx/emqx.conf
 * sends them to POST /emqx/events (HTTP action, body `${.}`: every column of the event as JSON).
 * Columns from emqx_rule_events (5.8): every event has `event`, `timestamp` (ms) and `node`;
 * client.connected adds clientid, username, peername, sockname, proto_name, proto_ver, keepalive,
 * clean_start, connected_at (ms); client.disconnected adds `reason` (normal, takenover, kicked,
 * keepalive_timeout, ...), connected_at and disconnected_at (ms); client.connack adds
 * `reason_code` (success, not_authorized, bad_username_or_password, ...).
 */
const ms = z.union([z.number(), z.string().regex(/^\d+$/)]).transform((value) => new Date(Number(value)));
const text = z.preprocess((value) => (value === undefined || value === null ? "" : String(value)), z.string());
const common = {
  clientid: z.string().min(1).max(65535),
  username: text,
  peername: text,
  proto_ver: text,
  node: text,
  timestamp: ms,
};
const ZEmqxPresenceEvent = z.discriminatedUnion("event", [
  z.object({ event: z.literal("client.connected"), connected_at: ms, ...common }),
  z.object({
    event: z.literal("client.disconnected"),
    reason: text,
    connected_at: ms,
    disconnected_at: ms,
    ...common,
  }),
  z.object({ event: z.literal("client.connack"), reason_code: text, ...common }),
]);

export type EmqxPresenceDecision =
  | { event: BrokerPresenceEvent }
  | { ignored: "malformed"; issues: string }
  | { ignored: "service" | "connack_success" };

/**
 * One EMQX client event as a presence event. Platform services (the service username on the
 * internal listener) make no device events; a successful CONNACK is already a client.connected.
 * On the mTLS listener EMQX replaces the client id with the certificate CN, so `clientid` is the
 * device; ids that are no device are ignored later by recordDevicePresence.
 */
export function parseEmqxPresenceEvent(body: unknown, options: { serviceUsername: string }): EmqxPresenceDecision {
  const parsed = ZEmqxPresenceEvent.safeParse(body);
  if (!parsed.success) return { ignored: "malformed", issues: z.prettifyError(parsed.error) };
  const e = parsed.data;
  if (e.username === options.serviceUsername) return { ignored: "service" };
  const details = { broker: "emqx", node: e.node, address: e.peername, protocol_version: e.proto_ver };
  switch (e.event) {
    case "client.connected":
      return {
        event: {
          kind: "connected",
          deviceId: e.clientid,
          at: e.connected_at,
          connectionStartedAt: e.connected_at,
          details,
        },
      };
    case "client.disconnected":
      return {
        event: {
          kind: "disconnected",
          deviceId: e.clientid,
          at: e.disconnected_at,
          connectionStartedAt: e.connected_at,
          reason: e.reason || "unknown",
          details,
        },
      };
    case "client.connack":
      if (e.reason_code === "success") return { ignored: "connack_success" };
      return {
        event: { kind: "rejected", deviceId: e.clientid, at: e.timestamp, reason: e.reason_code || "refused", details },
      };
  }
}
