import { recordAudit } from "@fleetwire/access";
import { deviceTopics } from "@fleetwire/broker";
import { AppError, isAppError } from "@fleetwire/core";
import type { Prisma } from "@fleetwire/db";
import { type JsonObject, jsonDepth } from "./json-document.ts";
import { resolveShadowDevice } from "./resolve-device.ts";
import type { TShadowDeltaMessage, TShadowView } from "./schemas.ts";
import { DEFAULT_SHADOW_LIMITS, type ShadowActor, type ShadowDeps } from "./shadow-deps.ts";
import { applyShadowPatch, documentBytes } from "./shadow-document.ts";
import { lockShadow, toShadowView, writeShadow } from "./shadow-store.ts";

export interface ShadowUpdate {
  deviceId: string;
  section: "desired" | "reported";
  patch: JsonObject;
  /** Optimistic concurrency: refuse with 409 unless the shadow is at this version. */
  expectedVersion?: number;
}

export interface ShadowUpdateResult {
  shadow: TShadowView;
  /** Whether a non-empty delta was handed to the broker (QoS 1) for the device. */
  deltaPublished: boolean;
}

/**
 * One change to a shadow, in one transaction: lock the row, check version and size, merge the
 * patch, record the change in shadow_changes (and the audit log for operators). After the commit
 * the cache gets the new shadow and a non-empty delta goes to the device. A failed publish is
 * logged, not thrown: PostgreSQL has the change and the device gets the full delta again the
 * next time it reports.
 */
export async function updateShadow(
  deps: ShadowDeps,
  actor: ShadowActor,
  update: ShadowUpdate,
): Promise<ShadowUpdateResult> {
  const limits = { ...DEFAULT_SHADOW_LIMITS, ...deps.limits };
  const device = await resolveShadowDevice(deps.prisma, actor, update.deviceId);
  const action = `shadow.${update.section}.update`;
  const audit = actor.type === "operator";
  try {
    if (jsonDepth(update.patch, limits.maxDepth + 1) > limits.maxDepth) {
      throw new AppError("VALIDATION_FAILED", `the patch is nested deeper than ${limits.maxDepth} levels`, {
        reason: "too_deep",
      });
    }
    const { doc, updatedAt } = await deps.prisma.$transaction(async (tx) => {
      const current = await lockShadow(tx, device.id);
      if (update.expectedVersion !== undefined && update.expectedVersion !== current.version) {
        throw new AppError(
          "CONFLICT",
          `the shadow is at version ${current.version}, not ${update.expectedVersion}: read it again and retry`,
          { reason: "stale_version", currentVersion: current.version },
        );
      }
      const next = applyShadowPatch(current, update.section, update.patch, new Date());
      const bytes = documentBytes(next);
      if (bytes > limits.maxDocumentBytes) {
        throw new AppError(
          "PAYLOAD_TOO_LARGE",
          `the shadow document would be ${bytes} bytes; the limit is ${limits.maxDocumentBytes}`,
          { reason: "document_too_large", bytes, limit: limits.maxDocumentBytes },
        );
      }
      const written = await writeShadow(tx, device.id, next);
      await tx.shadowChange.create({
        data: {
          deviceId: device.id,
          version: next.version,
          section: update.section,
          patch: update.patch as Prisma.InputJsonObject,
          actorType: actor.type,
          actorId: actor.type === "operator" ? actor.operatorId : actor.deviceId,
        },
      });
      if (audit) {
        await recordAudit(tx, {
          actor: { type: "operator", id: actor.operatorId },
          action,
          target: { type: "device", id: device.id },
          outcome: "success",
          details: { patch: update.patch, version: next.version },
          sourceIp: actor.sourceIp,
          organisationId: device.organisationId,
        });
      }
      return { doc: next, updatedAt: written };
    });
    const shadow = toShadowView(device.id, doc, updatedAt);
    await deps.cache?.put(shadow);
    const deltaPublished = await publishDelta(deps, device.fleetId, shadow);
    return { shadow, deltaPublished };
  } catch (error) {
    if (audit) {
      await recordAudit(deps.prisma, {
        actor: { type: "operator", id: actor.operatorId },
        action,
        target: { type: "device", id: device.id },
        outcome: "failure",
        reason: isAppError(error) ? error.message : "internal error",
        details: { patch: summarise(update.patch), expectedVersion: update.expectedVersion },
        sourceIp: actor.sourceIp,
        organisationId: device.organisationId,
      }).catch(() => {});
    }
    throw error;
  }
}

/** An oversized patch is not copied into the audit log whole. */
function summarise(patch: JsonObject): unknown {
  const json = JSON.stringify(patch);
  return json.length <= 2048 ? patch : { keys: Object.keys(patch).slice(0, 50), bytes: json.length };
}

/**
 * Sends the device its current delta, QoS 1, on `{fleet}/devices/{id}/shadow/delta`. A device that
 * is offline with a persistent session gets it when it reconnects. Nothing is sent for an empty delta.
 */
export async function publishDelta(deps: ShadowDeps, fleetId: string, shadow: TShadowView): Promise<boolean> {
  if (!deps.broker || Object.keys(shadow.delta).length === 0) return false;
  const message: TShadowDeltaMessage = {
    version: shadow.version,
    state: shadow.delta,
    timestamp: new Date().toISOString(),
  };
  try {
    const publish = deps.broker.publish(deviceTopics(fleetId, shadow.deviceId).shadowDelta, JSON.stringify(message), {
      qos: 1,
      contentType: "application/json",
    });
    // While the broker is unreachable MQTT.js holds the publish until it reconnects: do not hold the caller.
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error("no PUBACK from the broker within 5 s")), 5_000);
    });
    await Promise.race([publish, timeout]).finally(() => clearTimeout(timer));
    return true;
  } catch (err) {
    deps.log?.warn({ err, deviceId: shadow.deviceId }, "could not publish the shadow delta; sent on the next report");
    return false;
  }
}
