import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { AppError } from "@fleetwire/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmqxBrokerProfile } from "./emqx-broker-profile.ts";
import { EmqxClient } from "./emqx-client.ts";
import { clientObject, emqxState, KEY, SECRET, startDocumentedEmqxApi } from "./emqx-documented-api.testkit.ts";
import { isEmqxSafePskKey } from "./emqx-psk-file.ts";

// The EMQX profile against the documented API (emqx-5.8.md §1; see emqx-documented-api.testkit.ts).
let api: Awaited<ReturnType<typeof startDocumentedEmqxApi>>;
let dir: string;

function profile(secret = SECRET) {
  return new EmqxBrokerProfile({
    client: new EmqxClient({ apiUrl: api.url, apiKey: KEY, apiSecret: secret, timeoutMs: 2000 }),
    pskFile: path.join(dir, "emqx", "psk.txt"),
  });
}

beforeAll(async () => {
  api = await startDocumentedEmqxApi();
  dir = mkdtempSync(path.join(tmpdir(), "fleetwire-emqx-"));
});
afterAll(async () => {
  await api.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("EmqxBrokerProfile", () => {
  it("publishes commands with MQTT 5 properties through POST /publish", async () => {
    const broker = profile();
    await broker.publish("fleet-a/devices/dev-1/commands", Buffer.from([0x00, 0xff, 0x10]), {
      qos: 1,
      responseTopic: "fleet-a/devices/dev-1/commands/response",
      correlationData: Buffer.from("cmd-42"),
      userProperties: { command: "reboot" },
      messageExpiryIntervalSeconds: 300,
      contentType: "application/octet-stream",
    });
    const body = JSON.parse(emqxState.seen.at(-1)?.body ?? "{}");
    expect(body).toEqual({
      topic: "fleet-a/devices/dev-1/commands",
      payload: "AP8Q",
      payload_encoding: "base64",
      qos: 1,
      retain: false,
      properties: {
        response_topic: "fleet-a/devices/dev-1/commands/response",
        correlation_data: "cmd-42",
        user_properties: { command: "reboot" },
        message_expiry_interval: 300,
        content_type: "application/octet-stream",
      },
    });
    // Nobody subscribed (202) is still a successful publish.
    await expect(broker.publish("fleet-a/devices/offline/commands", "{}", { qos: 1 })).resolves.toBeUndefined();
    await broker.close();
  });

  it("turns EMQX refusals into AppErrors", async () => {
    const broker = profile();
    await expect(broker.publish("fleet-a/devices/+/commands", "{}", { qos: 0 })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(
      broker.publish("t", "x", { qos: 0, correlationData: Buffer.from([0xc3, 0x28]) }),
    ).rejects.toBeInstanceOf(AppError);
    await broker.close();
    const misconfigured = profile("not-the-secret");
    await expect(misconfigured.stats()).rejects.toMatchObject({ code: "UNAVAILABLE" });
    await misconfigured.close();
  });

  it("disconnectDevice kicks the live session; absent devices are fine", async () => {
    emqxState.connected.set("dev-kick", clientObject("dev-kick"));
    const broker = profile();
    await broker.disconnectDevice("dev-kick", { block: true });
    expect(emqxState.connected.has("dev-kick")).toBe(false);
    await expect(broker.disconnectDevice("dev-kick")).resolves.toBeUndefined();
    await broker.close();
  });

  it("upsertDevice clears the authorization cache; removeDevice also kicks", async () => {
    emqxState.connected.set("dev-access", clientObject("dev-access"));
    const broker = profile();
    await broker.upsertDevice({ deviceId: "dev-access", fleetId: "fleet-a" });
    expect(emqxState.seen.at(-1)).toMatchObject({
      method: "DELETE",
      url: "/api/v5/clients/dev-access/authorization/cache",
    });
    expect(emqxState.connected.has("dev-access")).toBe(true);
    await broker.removeDevice("dev-access");
    expect(emqxState.connected.has("dev-access")).toBe(false);
    await broker.close();
  });

  it("stats reports live connections from the aggregate", async () => {
    emqxState.connected.set("dev-stats", clientObject("dev-stats"));
    const broker = profile();
    const stats = await broker.stats();
    expect(stats.connectedClients).toBe(emqxState.connected.size);
    expect(stats.detail["subscriptions.count"]).toBe(2);
    await broker.close();
  });

  it("applyPsks writes EMQX's init_file with raw key bytes (0600) and refuses keys it cannot represent", async () => {
    const broker = profile();
    const keyHex = "00112233445566778899aabbccddeeff";
    await broker.applyPsks([{ identity: "dev-psk-1", keyHex }]);
    const file = path.join(dir, "emqx", "psk.txt");
    expect(readFileSync(file)).toEqual(
      Buffer.concat([Buffer.from("dev-psk-1:"), Buffer.from(keyHex, "hex"), Buffer.from("\n")]),
    );
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const withNewline = "0a112233445566778899aabbccddeeff";
    expect(isEmqxSafePskKey(withNewline)).toBe(false);
    await expect(broker.applyPsks([{ identity: "dev-psk-2", keyHex: withNewline }])).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
    });
    await expect(broker.applyPsks([{ identity: "a:b", keyHex }])).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    await broker.close();
  });
});
