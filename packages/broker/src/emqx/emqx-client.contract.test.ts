import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmqxApiError, emqxErrorToAppError } from "./emqx-api-error.ts";
import { EmqxClient } from "./emqx-client.ts";

/**
 * CONTRACT TEST of our EmqxClient against EMQX 5.8's documented REST API. EMQX cannot run on
 * these machines, so a node:http server answers exactly as /work/shared/reference/emqx-5.8.md
 * says EMQX 5.8.9 does (status codes, bodies, headers). It checks our side of the contract; it
 * is not a stand-in for the broker in an integration test. Section numbers refer to that file.
 */
const KEY = "control-plane";
const SECRET = "9f1c2b7e4a0d4d3e8c6b5a4f3e2d1c0b";
const MAX_PACKET_SIZE = 1024; // mqtt.max_packet_size of this pretend node

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

const seen: Seen[] = [];
const connected = new Map<string, Record<string, unknown>>();
const subscribedTopics = new Set(["fleet-a/devices/dev-1/commands"]);
const undeliverableTopics = new Set(["fleet-a/devices/dev-restarting/commands"]);
let running = true;
let server: Server;
let baseUrl: string;

function send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}) {
  const text = body === undefined ? "" : JSON.stringify(body);
  res.writeHead(status, { ...(text ? { "content-type": "application/json" } : {}), ...headers });
  res.end(text);
}

function clientObject(clientid: string) {
  // §1.5 client object (a subset of the documented fields; conn_state/zone are removed by EMQX).
  return {
    clientid,
    username: clientid,
    node: "emqx@node1.emqx.local",
    connected: true,
    proto_name: "MQTT",
    proto_ver: 5,
    ip_address: "10.0.0.7",
    port: 51234,
    listener: "ssl:default",
    clean_start: false,
    keepalive: 60,
    expiry_interval: 7200,
    created_at: "2026-11-25T12:34:56.789+00:00",
    connected_at: "2026-11-25T12:34:56.789+00:00",
    is_persistent: true,
    client_attrs: { fleet: "fleet-a" },
    subscriptions_cnt: 2,
    subscriptions_max: "infinity",
    inflight_cnt: 0,
    mqueue_len: 0,
    "send_msg.dropped": 0,
  };
}

/** §1.4: one publish item's result, or a schema-level error (thrown as 400 BAD_REQUEST). */
function publishOne(item: Record<string, unknown>): { status: number; body: Record<string, unknown> } {
  if (typeof item.topic !== "string" || typeof item.payload !== "string")
    return { status: 400, body: { code: "BAD_REQUEST", message: "topic and payload are required" } };
  if (/[+#]/.test(item.topic)) return { status: 400, body: { reason_code: 144, message: "topic_name_invalid" } };
  const bytes =
    item.payload_encoding === "base64" ? Buffer.from(item.payload, "base64").length : Buffer.byteLength(item.payload);
  if (bytes > MAX_PACKET_SIZE) return { status: 400, body: { reason_code: 151, message: "packet_too_large" } };
  if (undeliverableTopics.has(item.topic))
    return { status: 503, body: { reason_code: 131, message: "failed_to_dispatch" } };
  if (subscribedTopics.has(item.topic)) return { status: 200, body: { id: randomBytes(16).toString("hex") } };
  return { status: 202, body: { reason_code: 16, message: "no_matching_subscribers" } };
}

async function handle(req: IncomingMessage, res: ServerResponse) {
  let body = "";
  for await (const chunk of req) body += chunk;
  seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
  const url = new URL(req.url ?? "/", "http://emqx");
  const path = url.pathname;

  // §1.6: /status needs no auth; 200 when running, 503 with retry-after otherwise.
  if (path === "/api/v5/status") {
    const status = {
      node_name: "emqx@node1.emqx.local",
      rel_vsn: "5.8.9",
      app_status: running ? "running" : "not_running",
    };
    return send(
      res,
      running ? 200 : 503,
      { ...status, broker_status: running ? "started" : "stopped" },
      running ? {} : { "retry-after": "15" },
    );
  }

  // §1.1: Basic auth with key:secret; both failures carry WWW-Authenticate.
  const challenge = { "www-authenticate": 'Basic Realm="emqx-dashboard"' };
  const auth = req.headers.authorization;
  if (!auth?.startsWith("Basic "))
    return send(
      res,
      401,
      { code: "AUTHORIZATION_HEADER_ERROR", message: "Support authorization: basic/bearer " },
      challenge,
    );
  if (Buffer.from(auth.slice(6), "base64").toString() !== `${KEY}:${SECRET}`)
    return send(res, 401, { code: "BAD_API_KEY_OR_SECRET", message: "Check api_key/api_secret" }, challenge);

  if (req.method === "POST" && path === "/api/v5/publish") {
    const result = publishOne(JSON.parse(body));
    return send(res, result.status, result.body);
  }
  if (req.method === "POST" && path === "/api/v5/publish/bulk") {
    const results = (JSON.parse(body) as Record<string, unknown>[]).map(publishOne);
    const invalid = results.find((r) => r.status === 400);
    if (invalid) return send(res, 400, invalid.body); // nothing published
    const status = results.some((r) => r.status === 503) ? 503 : results.some((r) => r.status === 202) ? 202 : 200;
    return send(
      res,
      status,
      results.map((r) => r.body),
    );
  }
  if (req.method === "GET" && path === "/api/v5/clients") {
    const page = Number(url.searchParams.get("page") ?? 1);
    const limit = Number(url.searchParams.get("limit") ?? 100);
    if (!(page >= 1 && limit >= 1 && limit <= 10000))
      return send(res, 400, { code: "INVALID_PARAMETER", message: "page_limit_invalid" });
    const like = url.searchParams.get("like_clientid");
    const all = [...connected.values()].filter((c) => !like || String(c.clientid).includes(like));
    const data = all.slice((page - 1) * limit, page * limit);
    return send(res, 200, { data, meta: { page, limit, hasnext: page * limit < all.length } }); // no count: rely on hasnext
  }
  const clientPath = /^\/api\/v5\/clients\/([^/]+)(\/authorization\/cache)?$/.exec(path);
  if (clientPath?.[1]) {
    const clientId = decodeURIComponent(clientPath[1]);
    if (clientId === "slow-client") return; // never answers: the client's deadline must fire
    const client = connected.get(clientId);
    if (!client) return send(res, 404, { code: "CLIENTID_NOT_FOUND", message: "Client ID not found" });
    if (req.method === "GET" && !clientPath[2]) return send(res, 200, client);
    if (req.method === "DELETE" && clientPath[2]) return send(res, 204);
    if (req.method === "DELETE") {
      connected.delete(clientId);
      return send(res, 204);
    }
  }
  if (req.method === "GET" && path === "/api/v5/stats") {
    const stats = {
      "connections.count": connected.size,
      "connections.max": 10,
      "live_connections.count": connected.size,
      "subscriptions.count": 2,
    };
    if (url.searchParams.get("aggregate") === "true") return send(res, 200, stats);
    return send(res, 200, [{ node: "emqx@node1.emqx.local", ...stats }]);
  }
  return send(res, 404, { code: "NOT_FOUND", message: "Request path not found" });
}

function client(options: Partial<ConstructorParameters<typeof EmqxClient>[0]> = {}) {
  return new EmqxClient({ apiUrl: baseUrl, apiKey: KEY, apiSecret: SECRET, timeoutMs: 2000, ...options });
}

async function rejection(promise: Promise<unknown>): Promise<EmqxApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EmqxApiError);
  return error as EmqxApiError;
}

beforeAll(async () => {
  server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe("EmqxClient against EMQX 5.8's documented REST contract", () => {
  it("§1.4 publish: 200 is delivered with the message id; MQTT 5 properties travel as documented", async () => {
    const emqx = client();
    const outcome = await emqx.publish({
      topic: "fleet-a/devices/dev-1/commands",
      payload: '{"op":"reboot"}',
      qos: 1,
      properties: {
        response_topic: "fleet-a/devices/dev-1/commands/response",
        correlation_data: "req-123",
        user_properties: { command: "reboot" },
        message_expiry_interval: 60,
      },
    });
    expect(outcome.status).toBe("delivered");
    expect(outcome.status === "delivered" && outcome.id).toMatch(/^[0-9a-f]{32}$/);
    const request = seen.at(-1);
    expect(request?.url).toBe("/api/v5/publish");
    expect(request?.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(request?.body ?? "{}").properties.user_properties).toEqual({ command: "reboot" });
    await emqx.close();
  });

  it("§1.4 publish: 202 no_matching_subscribers is a success", async () => {
    const emqx = client();
    await expect(emqx.publish({ topic: "fleet-a/devices/offline/commands", payload: "x", qos: 1 })).resolves.toEqual({
      status: "no_subscribers",
    });
    await emqx.close();
  });

  it("§1.4 publish errors: 400 reason codes 144 and 151, 400 BAD_REQUEST, 503 failed_to_dispatch", async () => {
    const emqx = client();
    const invalid = await rejection(emqx.publish({ topic: "fleet-a/devices/+/commands", payload: "x" }));
    expect(invalid).toMatchObject({ status: 400, code: 144, message: "topic_name_invalid" });
    expect(emqxErrorToAppError(invalid).code).toBe("BAD_REQUEST");

    const large = await rejection(emqx.publish({ topic: "t/large", payload: "x".repeat(MAX_PACKET_SIZE + 1) }));
    expect(large).toMatchObject({ status: 400, code: 151, message: "packet_too_large" });
    expect(emqxErrorToAppError(large).code).toBe("PAYLOAD_TOO_LARGE");

    const schema = await rejection(emqx.publish({ topic: "t/1" } as never));
    expect(schema).toMatchObject({ status: 400, code: "BAD_REQUEST" });

    const dispatch = await rejection(emqx.publish({ topic: "fleet-a/devices/dev-restarting/commands", payload: "x" }));
    expect(dispatch).toMatchObject({ status: 503, code: 131, message: "failed_to_dispatch" });
    expect(emqxErrorToAppError(dispatch).code).toBe("UNAVAILABLE");
    await emqx.close();
  });

  it("§1.4 publish/bulk: per-item results in order; 503 still lists them; 400 throws; empty sends nothing", async () => {
    const emqx = client();
    const results = await emqx.publishBulk([
      { topic: "fleet-a/devices/dev-1/commands", payload: "a" },
      { topic: "fleet-a/devices/nobody/commands", payload: "b" },
      { topic: "fleet-a/devices/dev-restarting/commands", payload: "c" },
    ]);
    expect(results.map((r) => r.status)).toEqual(["delivered", "no_subscribers", "failed"]);
    expect(results[2]).toEqual({ status: "failed", reasonCode: 131, message: "failed_to_dispatch" });

    const invalid = await rejection(
      emqx.publishBulk([
        { topic: "ok/1", payload: "a" },
        { topic: "bad/#", payload: "b" },
      ]),
    );
    expect(invalid).toMatchObject({ status: 400, code: 144 });

    const before = seen.length;
    expect(await emqx.publishBulk([])).toEqual([]);
    expect(seen.length).toBe(before);
    await emqx.close();
  });

  it("§1.1 a wrong secret is 401 BAD_API_KEY_OR_SECRET, reported as our service being unavailable", async () => {
    const emqx = client({ apiSecret: "wrong-secret" });
    const error = await rejection(emqx.stats());
    expect(error).toMatchObject({ status: 401, code: "BAD_API_KEY_OR_SECRET", message: "Check api_key/api_secret" });
    expect(emqxErrorToAppError(error).httpStatus).toBe(503);
    await emqx.close();
  });

  it("§1.5 get/kick/clear authz cache: client ids are URL-encoded; 404 CLIENTID_NOT_FOUND means absent", async () => {
    const id = "dev/odd id+1";
    connected.set(id, clientObject(id));
    const emqx = client();
    const info = await emqx.getClient(id);
    expect(info).toMatchObject({ clientid: id, connected: true, node: "emqx@node1.emqx.local" });
    expect(seen.at(-1)?.url).toBe("/api/v5/clients/dev%2Fodd%20id%2B1");

    expect(await emqx.clearAuthzCache(id)).toBe(true);
    expect(seen.at(-1)).toMatchObject({
      method: "DELETE",
      url: "/api/v5/clients/dev%2Fodd%20id%2B1/authorization/cache",
    });

    expect(await emqx.kickClient(id)).toBe(true);
    expect(await emqx.kickClient(id)).toBe(false); // gone now: 404 CLIENTID_NOT_FOUND
    expect(await emqx.getClient(id)).toBeUndefined();
    expect(await emqx.clearAuthzCache(id)).toBe(false);
    await emqx.close();
  });

  it("§1.3/§1.5 listClients follows meta.hasnext across pages and passes filters", async () => {
    for (let i = 0; i < 25; i++) connected.set(`page-dev-${i}`, clientObject(`page-dev-${i}`));
    const emqx = client({ pageLimit: 10 });
    const all = await emqx.listClients({ like_clientid: "page-dev-" });
    expect(all.map((c) => c.clientid).sort()).toEqual(Array.from({ length: 25 }, (_, i) => `page-dev-${i}`).sort());
    const pages = seen.filter((s) => s.url.startsWith("/api/v5/clients?")).slice(-3);
    expect(pages.map((s) => new URL(s.url, "http://x").searchParams.get("page"))).toEqual(["1", "2", "3"]);
    expect(new URL(pages[0]?.url ?? "", "http://x").searchParams.get("like_clientid")).toBe("page-dev-");
    await emqx.close();
  });

  it("§1.3 an invalid page limit is 400 INVALID_PARAMETER", async () => {
    const emqx = client({ pageLimit: 20000 });
    expect(await rejection(emqx.listClients())).toMatchObject({
      status: 400,
      code: "INVALID_PARAMETER",
      message: "page_limit_invalid",
    });
    await emqx.close();
  });

  it("§1.6 stats asks for the aggregate object", async () => {
    const emqx = client();
    const stats = await emqx.stats();
    expect(stats["connections.count"]).toBe(connected.size);
    expect(seen.at(-1)?.url).toBe("/api/v5/stats?aggregate=true");
    await emqx.close();
  });

  it("§1.6 status needs no credentials; 503 means not running, not an error", async () => {
    const emqx = client({ apiKey: "nobody", apiSecret: "nothing", apiUrl: `${baseUrl}/api/v5/` });
    expect(await emqx.status()).toMatchObject({
      running: true,
      status: { broker_status: "started", rel_vsn: "5.8.9" },
    });
    expect(seen.at(-1)?.headers.authorization).toBeUndefined();
    running = false;
    expect(await emqx.status()).toMatchObject({ running: false, status: { broker_status: "stopped" } });
    running = true;
    await emqx.close();
  });

  it("a request that gets no answer fails with TIMEOUT; an unreachable node with UNREACHABLE", async () => {
    const slow = client({ timeoutMs: 300 });
    expect(await rejection(slow.getClient("slow-client"))).toMatchObject({ status: 0, code: "TIMEOUT" });
    await slow.close();

    const closedPort = createServer();
    await new Promise<void>((resolve) => closedPort.listen(0, "127.0.0.1", resolve));
    const port = (closedPort.address() as AddressInfo).port;
    await new Promise((resolve) => closedPort.close(resolve));
    const down = client({ apiUrl: `http://127.0.0.1:${port}` });
    const error = await rejection(down.stats());
    expect(error).toMatchObject({ status: 0, code: "UNREACHABLE" });
    expect(emqxErrorToAppError(error).code).toBe("UNAVAILABLE");
    await down.close();
  });
});
