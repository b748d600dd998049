import { describe, expect, it } from "vitest";
import { parseEmqxPresenceEvent } from "./emqx-presence-event.ts";

// Bodies as EMQX 5.8's HTTP action renders `${.}` for the rule-engine client events (the columns
// of emqx_rule_events: numbers stay numbers, times are epoch milliseconds).
const connected = {
  event: "client.connected",
  clientid: "thermo-0001",
  username: "thermo-0001",
  mountpoint: "undefined",
  peername: "203.0.113.7:52918",
  sockname: "10.0.0.5:8883",
  proto_name: "MQTT",
  proto_ver: 5,
  keepalive: 60,
  clean_start: true,
  receive_maximum: 32,
  expiry_interval: 0,
  is_bridge: false,
  conn_props: { "Session-Expiry-Interval": 0 },
  connected_at: 1767268800123,
  client_attrs: {},
  timestamp: 1767268800125,
  node: "emqx@node1.emqx.local",
};
const disconnected = {
  event: "client.disconnected",
  reason: "takenover",
  clientid: "thermo-0001",
  username: "thermo-0001",
  peername: "203.0.113.7:52918",
  sockname: "10.0.0.5:8883",
  proto_name: "MQTT",
  proto_ver: 5,
  disconn_props: {},
  disconnected_at: 1767268900456,
  connected_at: 1767268800123,
  client_attrs: {},
  timestamp: 1767268900457,
  node: "emqx@node2.emqx.local",
};
const connack = {
  event: "client.connack",
  reason_code: "not_authorized",
  clientid: "thermo-0001",
  clean_start: true,
  username: "thermo-0001",
  peername: "203.0.113.7:52920",
  sockname: "10.0.0.5:8883",
  proto_name: "MQTT",
  proto_ver: 5,
  keepalive: 60,
  expiry_interval: 0,
  conn_props: {},
  timestamp: 1767268950000,
  node: "emqx@node1.emqx.local",
};
const options = { serviceUsername: "fleetwire-service" };

describe("parseEmqxPresenceEvent", () => {
  it("client.connected: online from connected_at", () => {
    expect(parseEmqxPresenceEvent(connected, options)).toEqual({
      event: {
        kind: "connected",
        deviceId: "thermo-0001",
        at: new Date(1767268800123),
        connectionStartedAt: new Date(1767268800123),
        details: { broker: "emqx", node: "emqx@node1.emqx.local", address: "203.0.113.7:52918", protocol_version: "5" },
      },
    });
  });

  it("client.disconnected: the reason, and connected_at names the connection that ended", () => {
    const decision = parseEmqxPresenceEvent(disconnected, options);
    expect(decision).toMatchObject({
      event: {
        kind: "disconnected",
        deviceId: "thermo-0001",
        at: new Date(1767268900456),
        connectionStartedAt: new Date(1767268800123),
        reason: "takenover",
      },
    });
  });

  it("client.connack: a refusal is a rejected event with EMQX's reason code; success is ignored", () => {
    expect(parseEmqxPresenceEvent(connack, options)).toMatchObject({
      event: { kind: "rejected", deviceId: "thermo-0001", at: new Date(1767268950000), reason: "not_authorized" },
    });
    expect(parseEmqxPresenceEvent({ ...connack, reason_code: "success" }, options)).toEqual({
      ignored: "connack_success",
    });
  });

  it("times rendered as strings are read too", () => {
    const decision = parseEmqxPresenceEvent({ ...connected, connected_at: "1767268800123" }, options);
    expect(decision).toMatchObject({ event: { at: new Date(1767268800123) } });
  });

  it("platform services make no device events", () => {
    expect(
      parseEmqxPresenceEvent({ ...connected, clientid: "bridge-1", username: "fleetwire-service" }, options),
    ).toEqual({ ignored: "service" });
  });

  it("other events and malformed bodies are ignored with the reason", () => {
    expect(parseEmqxPresenceEvent({ ...connected, event: "session.subscribed" }, options)).toMatchObject({
      ignored: "malformed",
    });
    expect(parseEmqxPresenceEvent({ ...disconnected, connected_at: undefined }, options)).toMatchObject({
      ignored: "malformed",
    });
    expect(parseEmqxPresenceEvent("not json", options)).toMatchObject({ ignored: "malformed" });
  });
});
