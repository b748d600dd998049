import { z } from "zod";

/**
 * The EMQX 5.8 REST shapes Fleetwire reads (emqx-5.8.md §1.4 to §1.6). Only the fields we use are
 * required; everything else passes through, because EMQX adds fields between releases (6.x adds
 * `total_payload_bytes`, drops `rel_vsn`).
 */

/** What we send to POST /api/v5/publish (§1.4). `clientid` is deprecated since 5.0.14 and not sent. */
export interface EmqxPublishRequest {
  topic: string;
  payload: string;
  payload_encoding?: "plain" | "base64";
  qos?: 0 | 1 | 2;
  retain?: boolean;
  properties?: {
    payload_format_indicator?: 0 | 1;
    message_expiry_interval?: number;
    response_topic?: string;
    correlation_data?: string;
    user_properties?: Record<string, string>;
    content_type?: string;
  };
}

/** 200 `{"id"}` (delivered to a subscriber) or 202 `{"reason_code":16,"message":"no_matching_subscribers"}`. */
export const ZEmqxPublishItem = z.union([
  z.object({ id: z.string() }),
  z.object({ reason_code: z.number().int(), message: z.string() }),
]);

export const ZEmqxPageMeta = z.object({
  page: z.number().int(),
  limit: z.number().int(),
  hasnext: z.boolean(),
  count: z.number().int().optional(),
});

/** A connected (or offline persistent) client, §1.5. Timestamps are RFC 3339 strings. */
export const ZEmqxClient = z.looseObject({
  clientid: z.string(),
  username: z.string().nullable(),
  node: z.string(),
  connected: z.boolean(),
  proto_ver: z.number().int().optional(),
  ip_address: z.string().nullable().optional(),
  port: z.number().int().nullable().optional(),
  listener: z.string().nullable().optional(),
  clean_start: z.boolean().optional(),
  keepalive: z.number().optional(),
  expiry_interval: z.number().optional(),
  connected_at: z.string().nullable().optional(),
  created_at: z.string().nullable().optional(),
  disconnected_at: z.string().nullable().optional(),
  subscriptions_cnt: z.number().optional(),
  inflight_cnt: z.number().optional(),
  mqueue_len: z.number().optional(),
  mqueue_dropped: z.number().optional(),
  client_attrs: z.record(z.string(), z.string()).optional(),
});
export type EmqxClientInfo = z.infer<typeof ZEmqxClient>;

export const ZEmqxClientPage = z.object({ data: z.array(ZEmqxClient), meta: ZEmqxPageMeta });

/** GET /stats?aggregate=true: one flat object of counters such as `connections.count`. */
export const ZEmqxStats = z.record(z.string(), z.number());
export type EmqxStats = z.infer<typeof ZEmqxStats>;

/** GET /status?format=json (no auth); 200 when running, 503 otherwise. */
export const ZEmqxStatus = z.looseObject({
  node_name: z.string(),
  rel_vsn: z.string().optional(),
  broker_status: z.string(),
  app_status: z.string(),
});
export type EmqxStatus = z.infer<typeof ZEmqxStatus>;

/** Filters of GET /clients we use (§1.5); repeatable ones take arrays. */
export interface EmqxClientQuery {
  node?: string;
  username?: string[];
  clientid?: string[];
  like_clientid?: string;
  like_username?: string;
  conn_state?: "connected" | "idle" | "disconnected";
}
