import { readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { PRESENCE_TOPIC_PREFIX } from "@fleetwire/broker";
import mqtt, { type IClientOptions, type MqttClient } from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ProvisionedDevice as Device,
  type DeviceMessagingFixture,
  eventually,
  startDeviceMessagingFixture,
} from "../testing/device-messaging-fixture.ts";
import { run } from "../testing/openssl-device-kit.ts";

// Issue 7, presence on the Mosquitto profile: a provisioned device connects with MQTT.js and its
// own certificate; the broker's plugin announces it and the control plane's consumer records it.
// Asserted through the operator API (devices.get, devices.events) and the broker's answers.
let fx: DeviceMessagingFixture;
const clients: MqttClient[] = [];

beforeAll(async () => {
  fx = await startDeviceMessagingFixture();
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.endAsync(true).catch(() => {})));
  await fx?.close();
});

function tlsOptions(device: Device, clientId: string): IClientOptions {
  return {
    protocolVersion: 5,
    clientId,
    key: readFileSync(device.key),
    cert: readFileSync(device.cert),
    ca: readFileSync(device.chain),
    reconnectPeriod: 0,
    connectTimeout: 10_000,
  };
}

async function connect(device: Device, clientId = device.id) {
  const client = await mqtt.connectAsync(`mqtts://127.0.0.1:${fx.cp.env.ports.mqttMtls}`, tlsOptions(device, clientId));
  clients.push(client);
  return client;
}

const getDevice = (device: Device) => fx.trpc.devices.get.query({ deviceId: device.id });
const eventsOf = async (device: Device) =>
  (await fx.trpc.devices.events.query({ deviceId: device.id, limit: 50 })).items.filter((e) =>
    ["connected", "disconnected", "rejected"].includes(e.kind),
  );

describe("device presence (Mosquitto)", () => {
  it("connect: online, last seen and a connected event; disconnect: offline and a disconnected event", async () => {
    const device = await fx.provision();
    expect(await getDevice(device)).toMatchObject({ online: false, lastSeenAt: null });

    const before = Date.now();
    const client = await connect(device);
    const online = await eventually(
      () => getDevice(device),
      (d) => d.online,
    );
    expect(online.online).toBe(true);
    expect(Date.parse(online.lastSeenAt ?? "")).toBeGreaterThanOrEqual(before - 1_000);
    const [connected] = await eventsOf(device);
    expect(connected).toMatchObject({
      kind: "connected",
      details: { broker: "mosquitto", listener: "mtls", protocol_version: 5, client_id: device.id },
    });

    await client.endAsync();
    const offline = await eventually(
      () => getDevice(device),
      (d) => !d.online,
    );
    expect(offline.online).toBe(false);
    expect(Date.parse(offline.lastSeenAt ?? "")).toBeGreaterThanOrEqual(Date.parse(online.lastSeenAt ?? ""));
    const events = await eventually(
      () => eventsOf(device),
      (e) => e.length === 2,
    );
    expect(events.map((e) => e.kind)).toEqual(["disconnected", "connected"]);
    expect(events[0]?.details).toMatchObject({ reason: "closed", listener: "mtls" });
    // Both events name the same connection.
    expect(events[0]?.details.connection_started_at).toBe(events[1]?.details.connection_started_at);
  });

  it("a session takeover keeps the device online: the old connection's late disconnect is recorded, not applied", async () => {
    const device = await fx.provision();
    const first = await connect(device);
    await eventually(
      () => getDevice(device),
      (d) => d.online,
    );
    const closed = new Promise<void>((resolve) => first.once("close", () => resolve()));
    const second = await connect(device);
    await closed;
    const events = await eventually(
      () => eventsOf(device),
      (e) => e.length === 3,
    );
    expect(events.map((e) => e.kind).sort()).toEqual(["connected", "connected", "disconnected"]);
    const takenOver = events.find((e) => e.kind === "disconnected");
    expect(takenOver?.details.reason).toBe("taken_over");
    const starts = events.filter((e) => e.kind === "connected").map((e) => e.details.connection_started_at);
    expect(starts).toContain(takenOver?.details.connection_started_at);
    expect((await getDevice(device)).online).toBe(true);

    await second.endAsync();
    const offline = await eventually(
      () => getDevice(device),
      (d) => !d.online,
    );
    expect(offline.online).toBe(false);
  });

  it("a client id other than the certificate's: CONNACK 0x87 and a rejected event with the reason", async () => {
    const device = await fx.provision();
    const wrongId = `${device.id}-other`;
    const refused = await connect(device, wrongId).then(
      () => undefined,
      (error: Error & { code?: number }) => error,
    );
    expect(refused?.code).toBe(0x87);
    const events = await eventually(
      () => eventsOf(device),
      (e) => e.length === 1,
    );
    expect(events).toEqual([
      expect.objectContaining({
        kind: "rejected",
        details: expect.objectContaining({ reason: "client_id_mismatch", client_id: wrongId, listener: "mtls" }),
      }),
    ]);
    expect((await getDevice(device)).online).toBe(false);
  });

  it("a TLS-PSK device's connection is announced too (listener psk)", async () => {
    const device = await fx.provision();
    const psk = await fx.trpc.devices.psk.create.mutate({ deviceId: device.id });
    const publish = () =>
      run("mosquitto_pub", [
        ...fx.broker.psk,
        ...["-i", device.id, "--psk", psk.keyHex, "--psk-identity", psk.identity, "-V", "mqttv5"],
        ...["-q", "1", "-t", device.topic("telemetry"), "-m", '{"temperature":2}'],
      ]);
    let published = await publish();
    for (let i = 0; i < 50 && published.code !== 0; i++) {
      await sleep(100); // the broker re-reads the PSK file on SIGHUP
      published = await publish();
    }
    expect(published.code).toBe(0);
    const events = await eventually(
      () => eventsOf(device),
      // Both: the two may be recorded in either order (several consumer sessions share the work).
      (e) => e.some((x) => x.kind === "connected") && e.some((x) => x.kind === "disconnected"),
    );
    const connectedPsk = events.filter((e) => e.kind === "connected");
    expect(connectedPsk.at(-1)?.details).toMatchObject({ listener: "psk", client_id: device.id });
    const disconnected = events.find((e) => e.kind === "disconnected");
    expect(disconnected).toMatchObject({ details: { listener: "psk", reason: "closed" } });
    // Newest first by the broker's clock, whichever of the two was recorded first.
    const times = events.map((e) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(Date.parse(disconnected?.at ?? "")).toBeGreaterThanOrEqual(Date.parse(connectedPsk.at(-1)?.at ?? ""));
    expect((await getDevice(device)).online).toBe(false);
  });

  it("devices can neither read nor write the presence topics", async () => {
    const device = await fx.provision();
    const client = await connect(device);
    for (const filter of [
      `${PRESENCE_TOPIC_PREFIX}#`,
      `${PRESENCE_TOPIC_PREFIX}${device.id}`,
      "$share/x/fleetwire/#",
    ]) {
      // MQTT.js turns SUBACK 0x87 into this error.
      await expect(client.subscribeAsync(filter, { qos: 1 }), filter).rejects.toThrow("Not authorized");
    }
    const forged = JSON.stringify({ event: "disconnected", identity: device.id });
    const refused = await client.publishAsync(`${PRESENCE_TOPIC_PREFIX}${device.id}`, forged, { qos: 1 }).then(
      () => undefined,
      (error: Error & { code?: number }) => error,
    );
    expect(refused?.code).toBe(0x87);
    await client.endAsync();
  });
});
