import { Pool } from "undici";
import type { z } from "zod";
import {
  type EmqxClientInfo,
  type EmqxClientQuery,
  type EmqxPublishRequest,
  type EmqxStats,
  type EmqxStatus,
  ZEmqxClient,
  ZEmqxClientPage,
  ZEmqxPublishItem,
  ZEmqxStats,
  ZEmqxStatus,
} from "./emqx-api.schema.ts";
import { EMQX_REASON_CODES, EmqxApiError, emqxErrorFromBody } from "./emqx-api-error.ts";

export interface EmqxClientOptions {
  /** The dashboard listener, e.g. `http://emqx.internal:18083`; a trailing `/api/v5` is accepted. */
  apiUrl: string;
  apiKey: string;
  apiSecret: string;
  /** Whole-request deadline (connect, headers, body). */
  timeoutMs?: number;
  /** Keep-alive connections to the API endpoint. */
  connections?: number;
  /** Page size for /clients; every page fans out across the cluster, so keep it moderate (§1.7). */
  pageLimit?: number;
}

/** 200 = at least one subscriber got it; 202 = published, nobody subscribed (still a success, §1.4). */
export type EmqxPublishOutcome = { status: "delivered"; id: string } | { status: "no_subscribers" };
export type EmqxBulkPublishOutcome = EmqxPublishOutcome | { status: "failed"; reasonCode: number; message: string };

interface CallOptions {
  body?: unknown;
  query?: URLSearchParams;
  auth?: boolean;
  /** Statuses answered as data rather than thrown. */
  ok: readonly number[];
}

const API_PREFIX = "/api/v5";

/**
 * EMQX 5.8's management REST API over one keep-alive undici pool (emqx-5.8.md §1). Every non-success
 * becomes an EmqxApiError; a missing client is an answer (`undefined`/`false`), not an error.
 */
export class EmqxClient {
  private readonly pool: Pool;
  private readonly authorization: string;
  private readonly prefix: string;
  private readonly timeoutMs: number;
  private readonly pageLimit: number;

  constructor(options: EmqxClientOptions) {
    const url = new URL(options.apiUrl);
    const path = url.pathname.replace(/\/+$/, "");
    this.prefix = path.endsWith(API_PREFIX) ? path : `${path}${API_PREFIX}`;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.pageLimit = options.pageLimit ?? 1000;
    this.authorization = `Basic ${Buffer.from(`${options.apiKey}:${options.apiSecret}`).toString("base64")}`;
    this.pool = new Pool(url.origin, {
      connections: options.connections ?? 8,
      keepAliveTimeout: 30_000,
      connectTimeout: this.timeoutMs,
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
    });
  }

  async publish(message: EmqxPublishRequest): Promise<EmqxPublishOutcome> {
    const { body } = await this.call("POST", "/publish", { body: message, ok: [200, 202] });
    const outcome = toOutcome(this.parse(ZEmqxPublishItem, body, "/publish"));
    if (outcome.status === "failed") throw new EmqxApiError(200, outcome.reasonCode, outcome.message, "/publish");
    return outcome;
  }

  /**
   * One request for many messages; results come back in order. A 400 (any item invalid) publishes
   * nothing and throws; a 503 still lists which items failed to dispatch.
   */
  async publishBulk(messages: readonly EmqxPublishRequest[]): Promise<EmqxBulkPublishOutcome[]> {
    if (messages.length === 0) return []; // EMQX 5.8 mishandles an empty batch (§1.4)
    const { status, body } = await this.call("POST", "/publish/bulk", { body: messages, ok: [200, 202, 503] });
    if (!Array.isArray(body)) throw emqxErrorFromBody(status, body, "/publish/bulk");
    return body.map((item) => toOutcome(this.parse(ZEmqxPublishItem, item, "/publish/bulk")));
  }

  /** Kicks the client on whichever node holds it and discards its session. False: it was not there. */
  async kickClient(clientId: string): Promise<boolean> {
    const { status } = await this.call("DELETE", `/clients/${encodeURIComponent(clientId)}`, { ok: [204, 404] });
    return status === 204;
  }

  async getClient(clientId: string): Promise<EmqxClientInfo | undefined> {
    const path = `/clients/${encodeURIComponent(clientId)}`;
    const { status, body } = await this.call("GET", path, { ok: [200, 404] });
    return status === 404 ? undefined : this.parse(ZEmqxClient, body, path);
  }

  /** Every matching client across the cluster, page by page until `meta.hasnext` is false. */
  async listClients(query: EmqxClientQuery = {}): Promise<EmqxClientInfo[]> {
    const all: EmqxClientInfo[] = [];
    for (let page = 1; ; page++) {
      const params = new URLSearchParams({ page: String(page), limit: String(this.pageLimit) });
      for (const [key, value] of Object.entries(query)) {
        for (const item of Array.isArray(value) ? value : [value]) if (item !== undefined) params.append(key, item);
      }
      const { body } = await this.call("GET", "/clients", { query: params, ok: [200] });
      const result = this.parse(ZEmqxClientPage, body, "/clients");
      all.push(...result.data);
      if (!result.meta.hasnext) return all;
    }
  }

  /** Forgets the client's cached authorization decisions so the next check asks the sources again. */
  async clearAuthzCache(clientId: string): Promise<boolean> {
    const path = `/clients/${encodeURIComponent(clientId)}/authorization/cache`;
    const { status } = await this.call("DELETE", path, { ok: [204, 404] });
    return status === 204;
  }

  async stats(): Promise<EmqxStats> {
    const { body } = await this.call("GET", "/stats", { query: new URLSearchParams({ aggregate: "true" }), ok: [200] });
    return this.parse(ZEmqxStats, body, "/stats");
  }

  /** The unauthenticated health probe: 200 running, 503 not (a status, not an error). */
  async status(): Promise<{ running: boolean; status?: EmqxStatus }> {
    const { status, body } = await this.call("GET", "/status", {
      query: new URLSearchParams({ format: "json" }),
      auth: false,
      ok: [200, 503],
    });
    const parsed = ZEmqxStatus.safeParse(body);
    return { running: status === 200, ...(parsed.success ? { status: parsed.data } : {}) };
  }

  async close(): Promise<void> {
    await this.pool.close();
  }

  private async call(method: "GET" | "POST" | "DELETE", path: string, options: CallOptions) {
    const headers: Record<string, string> = { accept: "application/json" };
    if (options.auth !== false) headers.authorization = this.authorization;
    if (options.body !== undefined) headers["content-type"] = "application/json";
    const search = options.query ? `?${options.query}` : "";
    let response: Awaited<ReturnType<Pool["request"]>>;
    try {
      response = await this.pool.request({
        method,
        path: `${this.prefix}${path}${search}`,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw transportError(error, path);
    }
    let text: string;
    try {
      text = await response.body.text();
    } catch (error) {
      throw transportError(error, path);
    }
    const body = parseBody(text);
    if (!options.ok.includes(response.statusCode)) throw emqxErrorFromBody(response.statusCode, body, path);
    return { status: response.statusCode, body };
  }

  private parse<T extends z.ZodType>(schema: T, body: unknown, path: string): z.infer<T> {
    const parsed = schema.safeParse(body);
    if (!parsed.success)
      throw new EmqxApiError(200, "UNEXPECTED_RESPONSE", `unexpected response shape from ${path}`, path);
    return parsed.data;
  }
}

function toOutcome(item: z.infer<typeof ZEmqxPublishItem>): EmqxBulkPublishOutcome {
  if ("id" in item) return { status: "delivered", id: item.id };
  if (item.reason_code === EMQX_REASON_CODES.NO_MATCHING_SUBSCRIBERS) return { status: "no_subscribers" };
  return { status: "failed", reasonCode: item.reason_code, message: item.message };
}

function parseBody(text: string): unknown {
  if (text.length === 0) return undefined; // 204, or an empty 503 from a proxy
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function transportError(error: unknown, path: string): EmqxApiError {
  const name = (error as Error)?.name;
  const timedOut =
    name === "TimeoutError" || name === "AbortError" || /Timeout/.test(String((error as Error)?.constructor?.name));
  return new EmqxApiError(0, timedOut ? "TIMEOUT" : "UNREACHABLE", (error as Error)?.message ?? String(error), path);
}
