import { readFileSync } from "node:fs";
import { uniqueSuffix } from "@fleetwire/db/testing";
import { type Command, connectDevice, type DeviceCredentials, provisionDevice } from "@fleetwire/device-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type DeviceMessagingFixture,
  eventually,
  startDeviceMessagingFixture,
} from "../testing/device-messaging-fixture.ts";

// The device SDK against the real platform: provisioning, desired state, commands, offline
// delivery, TLS-PSK. The operator side goes through the tRPC API.
let fx: DeviceMessagingFixture;

beforeAll(async () => {
  fx = await startDeviceMessagingFixture();
});

afterAll(async () => {
  await fx?.close();
});

async function provisionWithSdk(): Promise<DeviceCredentials> {
  const deviceId = `sdk-${uniqueSuffix()}`;
  const boot = fx.bootstrapFor(deviceId);
  const creds = await provisionDevice({
    deviceHttpsUrl: fx.deviceUrl,
    caPem: fx.caChainPem,
    bootstrap: { certPem: readFileSync(boot.cert, "utf8"), keyPem: readFileSync(boot.key, "utf8") },
    deviceId,
    model: fx.model.name,
    firmwareVersion: "2.0.0",
  });
  // The test broker listens on the test profile's port; the provisioning answer names it.
  expect(creds.brokerUrl).toBe(`mqtts://${fx.cp.env.mqtt.host}:${fx.cp.env.ports.mqttMtls}`);
  return creds;
}

const mtls = (c: DeviceCredentials) => ({
  deviceId: c.deviceId,
  fleetId: c.fleetId,
  brokerUrl: c.brokerUrl,
  auth: { type: "mtls" as const, certPem: c.certPem, keyPem: c.keyPem, caPem: c.caPem },
  backoff: { initialMs: 100, maxMs: 1_000 },
});

describe("device SDK", () => {
  it("provisions, applies desired state (the delta clears) and answers commands", async () => {
    const creds = await provisionWithSdk();
    const device = await connectDevice(mtls(creds));
    const applied: Record<string, unknown>[] = [];
    device.applyDesired((delta) => {
      applied.push(delta);
      return undefined;
    });
    device.onCommand(async (command: Command) => {
      if (command.name === "fail") throw new Error("cannot do that");
      return { echoed: command.params };
    });
    try {
      await device.publishTelemetry({ temperature: 21.5 });
      await fx.trpc.shadows.patchDesired.mutate({ deviceId: creds.deviceId, patch: { interval: 15 } });
      const shadow = await eventually(
        () => fx.trpc.shadows.get.query({ deviceId: creds.deviceId }),
        (s) => s.reported.interval === 15,
      );
      expect(shadow).toMatchObject({ reported: { interval: 15 }, delta: {} });
      expect(shadow.metadata.desired.interval?.appliedAt).toEqual(expect.any(String));
      expect(applied).toEqual([{ interval: 15 }]);

      const ok = await fx.trpc.commands.send.mutate({ deviceId: creds.deviceId, name: "ping", params: { n: 7 } });
      const bad = await fx.trpc.commands.send.mutate({ deviceId: creds.deviceId, name: "fail" });
      const done = await eventually(
        () => fx.trpc.commands.list.query({ deviceId: creds.deviceId }),
        (l) => l.items.every((c) => c.status === "succeeded" || c.status === "failed"),
      );
      const byId = new Map(done.items.map((c) => [c.id, c]));
      expect(byId.get(ok.command.id)).toMatchObject({ status: "succeeded", result: { echoed: { n: 7 } } });
      expect(byId.get(ok.command.id)?.deliveredAt).toEqual(expect.any(String));
      expect(byId.get(bad.command.id)).toMatchObject({ status: "failed", error: "cannot do that" });
    } finally {
      await device.close();
    }
  });

  it("gets what was sent while it was offline when it reconnects (session kept by the broker)", async () => {
    const creds = await provisionWithSdk();
    const first = await connectDevice(mtls(creds));
    await first.close();

    const command = await fx.trpc.commands.send.mutate({ deviceId: creds.deviceId, name: "reboot", ttlSeconds: 60 });
    await fx.trpc.shadows.patchDesired.mutate({ deviceId: creds.deviceId, patch: { mode: "night" } });
    expect((await fx.trpc.commands.get.query({ commandId: command.command.id })).status).toBe("queued");

    const again = await connectDevice(mtls(creds));
    const ran: string[] = [];
    again.onCommand((c) => {
      ran.push(c.name);
      return "ok";
    });
    again.applyDesired(() => undefined);
    try {
      const after = await eventually(
        () => fx.trpc.commands.get.query({ commandId: command.command.id }),
        (c) => c.status === "succeeded",
      );
      expect(after).toMatchObject({ status: "succeeded", result: "ok" });
      expect(ran).toEqual(["reboot"]);
      const shadow = await eventually(
        () => fx.trpc.shadows.get.query({ deviceId: creds.deviceId }),
        (s) => s.reported.mode === "night",
      );
      expect(shadow.delta).toEqual({});
    } finally {
      await again.close();
    }
  });

  it("connects with TLS-PSK and reconnects after the broker drops it", async () => {
    const creds = await provisionWithSdk();
    const psk = await fx.trpc.devices.psk.create.mutate({ deviceId: creds.deviceId });
    const events: string[] = [];
    const device = await connectDevice({
      deviceId: creds.deviceId,
      fleetId: creds.fleetId,
      brokerUrl: `mqtts://127.0.0.1:${fx.cp.env.ports.mqttPsk}`,
      auth: { type: "psk", identity: psk.identity, key: Buffer.from(psk.keyHex, "hex") },
      backoff: { initialMs: 100, maxMs: 500 },
      log: (event) => events.push(event),
    });
    try {
      await device.publishTelemetry({ temperature: 19 });
      // An administrative kick (what revocation uses, without blocking): the SDK comes back by itself.
      const { broker } = await import("../identity/identity-services.ts").then((m) => m.getIdentityServices(fx.cp.env));
      await broker.disconnectDevice(creds.deviceId);
      await eventually(
        async () => device.stats.reconnects,
        (n) => n > 0,
      );
      await eventually(
        async () => device.connected,
        (c) => c,
      );
      expect(events).toContain("reconnect_scheduled");
      await device.publishTelemetry({ temperature: 20 });
      expect(device.stats.published).toBe(2);
    } finally {
      await device.close();
    }
  });
});
