import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * For tests only: a node:http server that answers EMQX 5.8.9's management API exactly as
 * /work/shared/reference/emqx-5.8.md documents it (section numbers below refer to that file).
 * EMQX cannot run on these machines; this lets contract tests check OUR side of the documented
 * contract. It is not a broker and never stands in for one in an integration test.
 */
export const KEY = "control-plane";
export const SECRET = "9f1c2b7e4a0d4d3e8c6b5a4f3e2d1c0b";
export const MAX_PACKET_SIZE = 1024; // mqtt.max_packet_size of this pretend node

export interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

/** What the pretend node knows; tests change it to set up a case and read it to see what arrived. */
export const emqxState = {
  seen: [] as Seen[],
  connected: new Map<string, Record<string, unknown>>(),
  subscribedTopics: new Set(["fleet-a/devices/dev-1/commands"]),
  undeliverableTopics: new Set(["fleet-a/devices/dev-restarting/commands"]),
  running: true,
};
const { seen, connected, subscribedTopics, undeliverableTopics } = emqxState;

function send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}) {
  const text = body === undefined ? "" : JSON.stringify(body);
  res.writeHead(status, { ...(text ? { "content-type": "application/json" } : {}), ...headers });
  res.end(text);
}

export function clientObject(clientid: string) {
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
      app_status: emqxState.running ? "running" : "not_running",
    };
    return send(
      res,
      emqxState.running ? 200 : 503,
      { ...status, broker_status: emqxState.running ? "started" : "stopped" },
      emqxState.running ? {} : { "retry-after": "15" },
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

/** Starts the pretend node on an ephemeral loopback port. */
export async function startDocumentedEmqxApi(): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
