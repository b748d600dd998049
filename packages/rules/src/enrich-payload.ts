import type { CompiledAction } from "./compile-rule-document.ts";
import { convertUnit } from "./units.ts";

type EnrichAction = Extract<CompiledAction, { kind: "enrich" }>;
type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function getPath(payload: Json, path: readonly string[]): unknown {
  let v: unknown = payload;
  for (const key of path) v = isObject(v) && Object.hasOwn(v, key) ? v[key] : undefined;
  return v;
}

function setPath(payload: Json, path: readonly string[], value: unknown): void {
  let target = payload;
  for (const key of path.slice(0, -1)) {
    const next = Object.hasOwn(target, key) ? target[key] : undefined;
    if (next === undefined) target[key] = {};
    else if (!isObject(next)) throw new Error(`cannot set ${path.join(".")}: ${key} is not an object`);
    target = target[key] as Json;
  }
  target[path.at(-1) as string] = value;
}

/**
 * Applies one enrich action to `payload` in place (the evaluator hands it a private copy).
 * Returns the fields written and a message per field it could not convert.
 */
export function enrichPayload(action: EnrichAction, payload: Json): { fields: string[]; errors: string[] } {
  const fields: string[] = [];
  const errors: string[] = [];
  for (const { path, value } of action.add) {
    try {
      setPath(payload, path, value);
      fields.push(path.join("."));
    } catch (err) {
      errors.push((err as Error).message);
    }
  }
  for (const c of action.convert) {
    const value = getPath(payload, c.fieldPath);
    if (typeof value !== "number" || !Number.isFinite(value)) {
      errors.push(
        `payload.${c.field} is ${value === undefined ? "missing" : "not a number"}; cannot convert ${c.from} to ${c.to}`,
      );
      continue;
    }
    try {
      setPath(payload, c.asPath, convertUnit(value, c.from, c.to, c.round));
      fields.push(c.asPath.join("."));
    } catch (err) {
      errors.push((err as Error).message);
    }
  }
  return { fields, errors };
}
