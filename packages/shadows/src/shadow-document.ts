import { computeDelta } from "./compute-delta.ts";
import type { JsonObject } from "./json-document.ts";
import { mergeObject } from "./merge-patch.ts";

/** Per top-level key: when it last changed, and for desired keys when the device satisfied it. */
export interface KeyMetadata {
  updatedAt: string;
  appliedAt?: string;
}

export interface ShadowMetadata {
  desired: Record<string, KeyMetadata>;
  reported: Record<string, KeyMetadata>;
}

export interface ShadowDocument {
  desired: JsonObject;
  reported: JsonObject;
  metadata: ShadowMetadata;
  version: number;
}

export const EMPTY_SHADOW: ShadowDocument = {
  desired: {},
  reported: {},
  metadata: { desired: {}, reported: {} },
  version: 0,
};

type Section = "desired" | "reported";

/**
 * Applies a merge patch to one section: the patched keys get `updatedAt = now` (removed keys lose
 * their metadata), the version goes up by one, and every desired key is re-checked against the
 * reported state: satisfied keys carry `appliedAt` (kept from when they first were), unsatisfied
 * ones lose it.
 */
export function applyShadowPatch(doc: ShadowDocument, section: Section, patch: JsonObject, now: Date): ShadowDocument {
  const at = now.toISOString();
  const next = { ...doc, [section]: mergeObject(doc[section], patch) } as ShadowDocument;
  const sectionMeta = { ...doc.metadata[section] };
  for (const key of Object.keys(patch)) {
    if (Object.hasOwn(next[section], key)) sectionMeta[key] = { updatedAt: at };
    else delete sectionMeta[key];
  }
  const metadata: ShadowMetadata = { ...doc.metadata, [section]: sectionMeta } as ShadowMetadata;
  metadata.desired = markApplied(next.desired, next.reported, metadata.desired, at);
  return { ...next, metadata, version: doc.version + 1 };
}

function markApplied(
  desired: JsonObject,
  reported: JsonObject,
  meta: Record<string, KeyMetadata>,
  at: string,
): Record<string, KeyMetadata> {
  const delta = computeDelta(desired, reported);
  const result: Record<string, KeyMetadata> = {};
  for (const key of Object.keys(desired)) {
    const current = meta[key] ?? { updatedAt: at };
    if (Object.hasOwn(delta, key)) {
      const { appliedAt: _dropped, ...rest } = current;
      result[key] = rest;
    } else {
      result[key] = { ...current, appliedAt: current.appliedAt ?? at };
    }
  }
  return result;
}

/** Bytes of the stored state (desired and reported), the figure the document size limit applies to. */
export function documentBytes(doc: Pick<ShadowDocument, "desired" | "reported">): number {
  return Buffer.byteLength(JSON.stringify({ desired: doc.desired, reported: doc.reported }), "utf8");
}
