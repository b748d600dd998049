import { z } from "zod";

/**
 * Client-safe shapes of the shadow API (no server imports): the operator API, tRPC, the console,
 * the device endpoints and the device SDK share them.
 */
export const ZShadowDeviceId = z.string().min(1).max(128);

/** A JSON object (a section of the shadow, or a merge patch of one). */
export const ZJsonObject = z.record(z.string().min(1).max(256), z.json());

export const ZGetShadowRequest = z.object({ deviceId: ZShadowDeviceId });
export type TGetShadowRequest = z.infer<typeof ZGetShadowRequest>;

export const ZPatchDesiredRequest = z.object({
  deviceId: ZShadowDeviceId,
  /** RFC 7396 merge patch of the desired state: null removes a key. */
  patch: ZJsonObject,
  /** The version the caller last read; a different current version is refused with 409. */
  version: z.number().int().min(0).optional(),
});
export type TPatchDesiredRequest = z.infer<typeof ZPatchDesiredRequest>;

export const ZShadowHistoryRequest = z.object({
  deviceId: ZShadowDeviceId,
  section: z.enum(["desired", "reported"]).optional(),
  limit: z.number().int().min(1).max(200).default(50),
  /** The `nextCursor` of the previous page. */
  cursor: z.string().max(64).optional(),
});
export type TShadowHistoryRequest = z.input<typeof ZShadowHistoryRequest>;

/** What a device sends on `{fleet}/devices/{id}/shadow/reported` or POST /v1/shadow/reported. */
export const ZReportedStateMessage = z.object({
  /** RFC 7396 merge patch of the reported state: null removes a key. */
  state: ZJsonObject,
});
export type TReportedStateMessage = z.infer<typeof ZReportedStateMessage>;

export interface TKeyMetadata {
  updatedAt: string;
  appliedAt?: string;
}

export interface TShadowView {
  deviceId: string;
  version: number;
  desired: Record<string, unknown>;
  reported: Record<string, unknown>;
  /** Desired keys the reported state does not match yet. */
  delta: Record<string, unknown>;
  metadata: { desired: Record<string, TKeyMetadata>; reported: Record<string, TKeyMetadata> };
  updatedAt: string | null;
}

/** What the platform publishes on `{fleet}/devices/{id}/shadow/delta` (QoS 1). */
export interface TShadowDeltaMessage {
  version: number;
  state: Record<string, unknown>;
  timestamp: string;
}

export interface TShadowChange {
  id: string;
  version: number;
  section: "desired" | "reported";
  patch: Record<string, unknown>;
  actor: { type: string; id: string | null };
  at: string;
}
