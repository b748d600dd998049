/** A payload field a model's telemetry schema declares, for completion in the rule editor. */
export type SchemaField = { path: string; type: string; description?: string };

const MAX_DEPTH = 4;

/**
 * The fields of a telemetry JSON Schema as dotted paths (`env.temperature`), following
 * `properties` of nested objects. Anything else (arrays' items, $ref) stays a single field.
 */
export function schemaFields(schema: unknown, prefix = "", depth = 0): SchemaField[] {
  if (!schema || typeof schema !== "object" || depth > MAX_DEPTH) return [];
  const properties = (schema as { properties?: unknown }).properties;
  if (!properties || typeof properties !== "object") return [];
  const fields: SchemaField[] = [];
  for (const [name, sub] of Object.entries(properties as Record<string, unknown>)) {
    const path = prefix ? `${prefix}.${name}` : name;
    const s = (sub ?? {}) as { type?: unknown; description?: unknown };
    const type = Array.isArray(s.type) ? s.type.join(" | ") : typeof s.type === "string" ? s.type : "any";
    fields.push({ path, type, ...(typeof s.description === "string" ? { description: s.description } : {}) });
    fields.push(...schemaFields(sub, path, depth + 1));
  }
  return fields;
}
