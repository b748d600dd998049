import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmqxApiError, emqxErrorToAppError } from "./emqx-api-error.ts";
import { EmqxClient } from "./emqx-client.ts";
import {
  clientObject,
  emqxState,
  KEY,
  MAX_PACKET_SIZE,
  SECRET,
  startDocumentedEmqxApi,
} from "./emqx-documented-api.testkit.ts";

/**
 * CONTRACT TEST of our EmqxClient against EMQX 5.8's documented REST API. EMQX cannot run on
 * these machines, so emqx-documented-api.testkit.ts answers exactly as
 * /work/shared/reference/emqx-5.8.md says EMQX 5.8.9 does (status codes, bodies, headers). It checks
 * our side of the contract; it is not a stand-in for the broker in an integration test. Section
 * numbers refer to that file.
 */
const { seen, connected } = emqxState;
let api: Awaited<ReturnType<typeof startDocumentedEmqxApi>>;
let baseUrl: string;

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
  api = await startDocumentedEmqxApi();
  baseUrl = api.url;
});

afterAll(() => api.close());

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
    emqxState.running = false;
    expect(await emqx.status()).toMatchObject({ running: false, status: { broker_status: "stopped" } });
    emqxState.running = true;
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
