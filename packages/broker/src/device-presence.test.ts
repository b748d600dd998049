import { describe, expect, it } from "vitest";
import { parseMosquittoPresence } from "./device-presence.ts";

// What infra/mosquitto/plugins/fleetwire_clientid.c publishes.
const message = {
  event: "disconnected",
  identity: "dev-1",
  client_id: "dev-1",
  listener: "mtls",
  protocol_version: 5,
  address: "127.0.0.1",
  at: "2026-01-01T12:00:09.500Z",
  connection_started_at: "2026-01-01T12:00:01.250Z",
  reason: "taken_over",
};

describe("parseMosquittoPresence", () => {
  it("reads the plugin's message", () => {
    expect(parseMosquittoPresence("fleetwire/presence/dev-1", JSON.stringify(message))).toEqual({
      kind: "disconnected",
      deviceId: "dev-1",
      at: new Date("2026-01-01T12:00:09.500Z"),
      connectionStartedAt: new Date("2026-01-01T12:00:01.250Z"),
      reason: "taken_over",
      details: { broker: "mosquitto", listener: "mtls", protocol_version: 5, address: "127.0.0.1", client_id: "dev-1" },
    });
  });

  it("a refused client id names the device of the certificate and the client id it tried", () => {
    const rejected = { ...message, event: "rejected", client_id: "dev-2", reason: "client_id_mismatch" };
    delete (rejected as Partial<typeof message>).connection_started_at;
    expect(parseMosquittoPresence("fleetwire/presence/dev-1", JSON.stringify(rejected))).toMatchObject({
      kind: "rejected",
      deviceId: "dev-1",
      reason: "client_id_mismatch",
      details: { client_id: "dev-2" },
    });
  });

  it("refuses a topic that does not name the identity, and malformed messages", () => {
    expect(parseMosquittoPresence("fleetwire/presence/dev-2", JSON.stringify(message))).toBeUndefined();
    expect(parseMosquittoPresence("fleetwire/presence/dev-1", "{")).toBeUndefined();
    expect(parseMosquittoPresence("fleetwire/presence/dev-1", JSON.stringify({ ...message, at: "yesterday" }))).toBe(
      undefined,
    );
    const { connection_started_at: _, ...withoutStart } = message;
    expect(parseMosquittoPresence("fleetwire/presence/dev-1", JSON.stringify(withoutStart))).toBeUndefined();
  });
});
