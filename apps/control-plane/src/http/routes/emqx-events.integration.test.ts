import { randomBytes } from "node:crypto";
import { disconnectPrisma, getPrisma, migrateDatabase, type PrismaClient } from "@fleetwire/db";
import { seedDevice } from "@fleetwire/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadControlPlaneEnv } from "../../env.ts";
import { buildServer } from "../build-server.ts";

/**
 * POST /emqx/events called as EMQX 5.8's HTTP action calls it for the `fleetwire_presence` rules
 * (infra/emqx/emqx.conf: body `${.}`, the event's columns as in emqx_rule_events, x-emqx-token),
 * against the real control plane and real PostgreSQL with seeded devices.
 */
const HOOK_SECRET = `hook-${randomBytes(16).toString("hex")}`;
const env = loadControlPlaneEnv({
  ...process.env,
  FLEETWIRE_PROFILE: "test",
  FLEETWIRE_EMQX_HOOK_SECRET: HOOK_SECRET,
  FLEETWIRE_EMQX_SERVICE_PASSWORD: `svc-${randomBytes(16).toString("hex")}`,
});
let app: ReturnType<typeof buildServer>;
let url: string;
let prisma: PrismaClient;

async function post(body: unknown, token: string | null = HOOK_SECRET) {
  const response = await fetch(`${url}/emqx/events`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { "x-emqx-token": token } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const base = (clientid: string, username = clientid) => ({
  clientid,
  username,
  peername: "203.0.113.7:52918",
  sockname: "10.0.0.5:8883",
  proto_name: "MQTT",
  proto_ver: 5,
  node: "emqx@node1.emqx.local",
});
const connected = (clientid: string, connectedAt: number, username?: string) => ({
  ...base(clientid, username),
  event: "client.connected",
  mountpoint: "undefined",
  keepalive: 60,
  clean_start: true,
  receive_maximum: 32,
  expiry_interval: 0,
  is_bridge: false,
  conn_props: {},
  connected_at: connectedAt,
  client_attrs: {},
  timestamp: connectedAt + 1,
});
const disconnected = (clientid: string, connectedAt: number, disconnectedAt: number, reason = "normal") => ({
  ...base(clientid),
  event: "client.disconnected",
  reason,
  disconn_props: {},
  connected_at: connectedAt,
  disconnected_at: disconnectedAt,
  client_attrs: {},
  timestamp: disconnectedAt + 1,
});
const connack = (clientid: string, reasonCode: string, at: number) => ({
  ...base(clientid),
  event: "client.connack",
  reason_code: reasonCode,
  clean_start: true,
  keepalive: 60,
  expiry_interval: 0,
  conn_props: {},
  timestamp: at,
});

const deviceRow = (id: string) =>
  prisma.device.findUniqueOrThrow({ where: { id }, select: { online: true, lastSeenAt: true } });
const eventsOf = (id: string) =>
  prisma.deviceEvent.findMany({
    where: { deviceId: id },
    orderBy: { id: "asc" },
    select: { kind: true, details: true },
  });

beforeAll(async () => {
  await migrateDatabase(env.databaseUrl, () => {});
  prisma = getPrisma(env.databaseUrl);
  app = buildServer(env);
  await app.listen({ host: "127.0.0.1", port: 0 });
  const address = app.server.address();
  if (!address || typeof address === "string") throw new Error("not listening on TCP");
  url = `http://127.0.0.1:${address.port}`;
});

afterAll(async () => {
  await app?.close();
  await disconnectPrisma();
});

describe("POST /emqx/events", () => {
  it("refuses a request without the hook token", async () => {
    const device = await seedDevice(prisma, { status: "provisioned" });
    expect((await post(connected(device.id, Date.now()), null)).status).toBe(401);
    expect((await post(connected(device.id, Date.now()), "wrong-token-wrong-token")).status).toBe(401);
    expect(await eventsOf(device.id)).toEqual([]);
  });

  it("connected, a takeover's late disconnect, then the real disconnect: online follows connected_at", async () => {
    const device = await seedDevice(prisma, { status: "provisioned" });
    const t0 = Date.parse("2026-03-01T10:00:00.000Z");

    expect(await post(connected(device.id, t0))).toEqual({
      status: 200,
      body: { result: "recorded", online: true },
    });
    expect(await deviceRow(device.id)).toEqual({ online: true, lastSeenAt: new Date(t0) });

    // The device reconnects on another node; EMQX reports the new connection before the old one's end.
    expect((await post(connected(device.id, t0 + 60_000))).body).toMatchObject({ online: true });
    expect((await post(disconnected(device.id, t0, t0 + 60_050, "takenover"))).body).toMatchObject({ online: true });
    expect(await deviceRow(device.id)).toEqual({ online: true, lastSeenAt: new Date(t0 + 60_050) });

    // A repeated delivery of the same event is not recorded twice.
    expect((await post(disconnected(device.id, t0, t0 + 60_050, "takenover"))).body).toEqual({
      result: "ignored",
      reason: "duplicate",
    });

    expect((await post(disconnected(device.id, t0 + 60_000, t0 + 120_000, "keepalive_timeout"))).body).toMatchObject({
      online: false,
    });
    expect(await deviceRow(device.id)).toEqual({ online: false, lastSeenAt: new Date(t0 + 120_000) });

    const events = await eventsOf(device.id);
    expect(events.map((e) => [e.kind, (e.details as Record<string, unknown>).reason])).toEqual([
      ["connected", undefined],
      ["connected", undefined],
      ["disconnected", "takenover"],
      ["disconnected", "keepalive_timeout"],
    ]);
    expect(events[0]?.details).toMatchObject({
      broker: "emqx",
      node: "emqx@node1.emqx.local",
      address: "203.0.113.7:52918",
      connection_started_at: new Date(t0).toISOString(),
    });
  });

  it("a refused CONNACK is a rejected event with EMQX's reason code; a successful one is ignored", async () => {
    const device = await seedDevice(prisma, { status: "provisioned" });
    const at = Date.now();
    expect((await post(connack(device.id, "success", at))).body).toEqual({
      result: "ignored",
      reason: "connack_success",
    });
    expect((await post(connack(device.id, "not_authorized", at))).body).toEqual({
      result: "recorded",
      online: false,
    });
    const events = await eventsOf(device.id);
    expect(events).toEqual([{ kind: "rejected", details: expect.objectContaining({ reason: "not_authorized" }) }]);
    expect(await deviceRow(device.id)).toEqual({ online: false, lastSeenAt: null });
  });

  it("ignores the platform services and client ids that are no device; refuses what is no client event", async () => {
    const service = await post(connected("ingest-bridge-1", Date.now(), env.mqtt.emqx.serviceUsername));
    expect(service).toEqual({ status: 200, body: { result: "ignored", reason: "service" } });
    const unknown = await post(connected(`no-such-device-${randomBytes(4).toString("hex")}`, Date.now()));
    expect(unknown).toEqual({ status: 200, body: { result: "ignored", reason: "unknown_device" } });
    const malformed = await post({ event: "session.subscribed", clientid: "x", topic: "t/1" });
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ error: { code: "VALIDATION_FAILED" } });
  });
});
