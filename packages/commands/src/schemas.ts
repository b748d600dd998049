import { z } from "zod";

/**
 * Client-safe shapes of command and control (no server imports): the operator API, tRPC, the
 * console, the device endpoints and the device SDK share them.
 */
export const COMMAND_STATUSES = ["queued", "delivered", "succeeded", "failed", "expired"] as const;
export type TCommandStatus = (typeof COMMAND_STATUSES)[number];

/** At most a week: the broker holds an offline device's commands that long at most. */
export const MAX_COMMAND_TTL_SECONDS = 7 * 24 * 3600;

const ZJsonObject = z.record(z.string().min(1).max(256), z.json());

export const ZSendCommandRequest = z.object({
  deviceId: z.string().min(1).max(128),
  name: z
    .string()
    .min(1)
    .max(128)
    .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, "letters, digits and . _ : -"),
  params: ZJsonObject.default({}),
  ttlSeconds: z.number().int().min(1).max(MAX_COMMAND_TTL_SECONDS).default(300),
  /** A retry with the same key returns the command the first call made instead of sending it twice. */
  idempotencyKey: z.string().min(1).max(128).optional(),
});
export type TSendCommandRequest = z.input<typeof ZSendCommandRequest>;

/** The HTTP body of POST /devices/{device_id}/commands (snake_case, as the issue names it). */
export const ZSendCommandBody = z.object({
  name: z.string(),
  params: ZJsonObject.optional(),
  ttl_seconds: z.number().int().optional(),
  idempotency_key: z.string().optional(),
});

export const ZListCommandsRequest = z.object({
  deviceId: z.string().min(1).max(128),
  status: z.enum(COMMAND_STATUSES).optional(),
  limit: z.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});
export type TListCommandsRequest = z.input<typeof ZListCommandsRequest>;

export const ZGetCommandRequest = z.object({ commandId: z.uuid() });

/**
 * What the device answers on `{fleet}/devices/{id}/commands/response` (with the command's
 * correlation data) or POST /v1/commands/{id}/response. `delivered` is an optional receipt sent
 * before the work starts; `succeeded` or `failed` ends the command.
 */
export const ZCommandReply = z.object({
  status: z.enum(["delivered", "succeeded", "failed"]),
  result: z.json().optional(),
  /** The command id, for replies without MQTT 5 correlation data. */
  id: z.uuid().optional(),
});
export type TCommandReply = z.infer<typeof ZCommandReply>;

/** What the device receives on `{fleet}/devices/{id}/commands` and from GET /v1/commands/pending. */
export interface TCommandMessage {
  id: string;
  name: string;
  params: Record<string, unknown>;
  expires_at: string;
}

export interface TCommandView {
  id: string;
  deviceId: string;
  name: string;
  params: Record<string, unknown>;
  status: TCommandStatus;
  ttlSeconds: number;
  expiresAt: string;
  idempotencyKey: string | null;
  createdById: string | null;
  queuedAt: string;
  deliveredAt: string | null;
  succeededAt: string | null;
  failedAt: string | null;
  expiredAt: string | null;
  result: unknown;
  error: string | null;
}
