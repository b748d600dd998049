import { isJsonObject, type JsonObject, type JsonValue } from "./json-document.ts";

/**
 * RFC 7396 JSON merge patch: objects merge key by key, `null` removes a key, anything else
 * (scalars, arrays) replaces. Returns a new value; the inputs are not modified.
 */
export function applyMergePatch(target: JsonValue | undefined, patch: JsonValue): JsonValue {
  if (!isJsonObject(patch)) return patch;
  const result: JsonObject = isJsonObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = applyMergePatch(result[key], value);
  }
  return result;
}

/** The patch applied to an object section of a shadow (desired or reported). */
export function mergeObject(target: JsonObject, patch: JsonObject): JsonObject {
  return applyMergePatch(target, patch) as JsonObject;
}
