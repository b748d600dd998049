import { isJsonObject, type JsonObject, jsonEqual } from "./json-document.ts";

/**
 * What the device still has to do: every desired key whose reported value differs. Objects are
 * compared key by key (a desired `{led: {color: "red"}}` is satisfied by a reported
 * `{led: {color: "red", brightness: 5}}`); scalars and arrays must be equal. Keys only the
 * device reports are not part of the delta.
 */
export function computeDelta(desired: JsonObject, reported: JsonObject): JsonObject {
  const delta: JsonObject = {};
  for (const [key, want] of Object.entries(desired)) {
    const have = reported[key];
    if (isJsonObject(want) && isJsonObject(have)) {
      const nested = computeDelta(want, have);
      if (Object.keys(nested).length > 0) delta[key] = nested;
    } else if (!jsonEqual(want, have)) {
      delta[key] = want;
    }
  }
  return delta;
}
