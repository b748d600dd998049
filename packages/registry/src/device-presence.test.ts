import { describe, expect, it } from "vitest";
import { type DevicePresence, type DevicePresenceEvent, nextDevicePresence } from "./device-presence.ts";

const t = (seconds: number) => new Date(Date.UTC(2026, 0, 1, 12, 0, seconds));
const never: DevicePresence = { online: false, connectionStartedAt: null, lastSeenAt: null };
const connected = (started: number, at = started): DevicePresenceEvent => ({
  kind: "connected",
  deviceId: "d",
  at: t(at),
  connectionStartedAt: t(started),
  details: {},
});
const disconnected = (started: number, at: number): DevicePresenceEvent => ({
  kind: "disconnected",
  deviceId: "d",
  at: t(at),
  connectionStartedAt: t(started),
  reason: "closed",
  details: {},
});
const apply = (events: DevicePresenceEvent[], from = never) => events.reduce(nextDevicePresence, from);

describe("nextDevicePresence", () => {
  it("a connect makes the device online and seen; its disconnect makes it offline", () => {
    expect(apply([connected(1)])).toEqual({ online: true, connectionStartedAt: t(1), lastSeenAt: t(1) });
    expect(apply([connected(1), disconnected(1, 9)])).toEqual({
      online: false,
      connectionStartedAt: t(1),
      lastSeenAt: t(9),
    });
  });

  it("a late disconnect of an older connection leaves a reconnected device online", () => {
    // Session takeover: the new connection (started at 5) is announced before the old one (started at 1) ends.
    const state = apply([connected(1), connected(5), disconnected(1, 6)]);
    expect(state.online).toBe(true);
    expect(state.connectionStartedAt).toEqual(t(5));
    expect(state.lastSeenAt).toEqual(t(6));
  });

  it("a late connect of an older connection does not bring an offline device back", () => {
    const state = apply([connected(5), disconnected(5, 7), connected(1)]);
    expect(state).toEqual({ online: false, connectionStartedAt: t(5), lastSeenAt: t(7) });
  });

  it("a connection's disconnect wins over its connect when they arrive the other way round", () => {
    expect(apply([disconnected(3, 4), connected(3)])).toEqual({
      online: false,
      connectionStartedAt: t(3),
      lastSeenAt: t(4),
    });
  });

  it("any order of the same events gives the same state", () => {
    const events = [
      connected(1),
      disconnected(1, 2),
      connected(3),
      disconnected(3, 8),
      connected(6),
      disconnected(1, 2),
    ];
    const expected = apply(events);
    const permutations = (items: DevicePresenceEvent[]): DevicePresenceEvent[][] =>
      items.length <= 1
        ? [items]
        : items.flatMap((item, i) =>
            permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((p) => [item, ...p]),
          );
    for (const order of permutations(events)) expect(apply(order)).toEqual(expected);
    expect(expected).toEqual({ online: true, connectionStartedAt: t(6), lastSeenAt: t(8) });
  });

  it("a refused CONNECT changes nothing", () => {
    const online = apply([connected(1)]);
    const rejected: DevicePresenceEvent = { kind: "rejected", deviceId: "d", at: t(9), reason: "x", details: {} };
    expect(nextDevicePresence(online, rejected)).toBe(online);
  });
});
