import { describe, expect, it } from "vitest";
import { timelineEntries } from "./timeline-entries.ts";

const event = (id: string, kind: string, details: Record<string, unknown>, at = "2026-03-01T10:00:00.000Z") => ({
  id,
  at,
  kind,
  details,
});

describe("timelineEntries: broker presence", () => {
  it("titles and explains connects, disconnects and refused connections", () => {
    const entries = timelineEntries(
      [
        event("3", "rejected", {
          reason: "client_id_mismatch",
          client_id: "dev-9",
          listener: "mtls",
          protocol_version: 5,
        }),
        event("2", "disconnected", { reason: "taken_over", listener: "psk", protocol_version: 5, address: "10.0.0.7" }),
        event("1", "connected", { broker: "emqx", protocol_version: "5", address: "203.0.113.7:52918" }),
      ],
      [],
    );
    expect(entries.map((e) => [e.title, e.detail])).toEqual([
      ["Connection refused", "client id is not the device id · client id dev-9 · certificate · MQTT v5"],
      ["Disconnected", "replaced by a newer connection · pre-shared key · MQTT v5 · from 10.0.0.7"],
      ["Connected", "MQTT v5 · from 203.0.113.7:52918"],
    ]);
  });
});
