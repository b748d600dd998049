import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";

/**
 * Whether a device model's telemetry schema is itself a valid JSON Schema (draft 2020-12) that the
 * ingest bridge can compile. Client-safe (no server imports): the console's schema editor runs the
 * same check as the control plane. Strict mode, so a misspelt keyword ("typ", "minimun") is an
 * error instead of a silently ignored constraint.
 */
export const DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema";

export type SchemaIssue = { path: string; message: string };

// ajv-formats is CommonJS with a default export; under NodeNext the callable sits on `.default`.
type AddFormats = (ajv: Ajv2020) => Ajv2020;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ??
  addFormatsModule) as unknown as AddFormats;

export function newSchemaCompiler(): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  return ajv;
}

function describe(error: { instancePath: string; message?: string; params: Record<string, unknown> }): SchemaIssue {
  const allowed = error.params.allowedValues;
  const suffix = Array.isArray(allowed) ? `: ${allowed.join(", ")}` : "";
  return { path: error.instancePath || "/", message: `${error.message ?? "is invalid"}${suffix}` };
}

export function checkTelemetrySchema(schema: unknown): SchemaIssue[] {
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) {
    return [{ path: "/", message: "must be a JSON object (a JSON Schema document)" }];
  }
  const declared = (schema as Record<string, unknown>).$schema;
  if (declared !== undefined && declared !== DRAFT_2020_12) {
    return [{ path: "/$schema", message: `must be "${DRAFT_2020_12}" (only draft 2020-12 is supported)` }];
  }
  const ajv = newSchemaCompiler();
  if (!ajv.validateSchema(schema)) {
    // ajv reports every branch of the meta-schema; the first error per location is the telling one.
    const seen = new Set<string>();
    return (ajv.errors ?? []).map(describe).filter((issue) => !seen.has(issue.path) && seen.add(issue.path));
  }
  try {
    ajv.compile(schema);
  } catch (error) {
    // Valid against the meta-schema but not compilable: unknown keyword, unresolvable $ref, unknown format.
    return [{ path: "/", message: (error as Error).message }];
  }
  return [];
}

/** One line naming every problem, for error messages and the CLI. */
export function formatSchemaIssues(issues: SchemaIssue[]): string {
  return issues.map((i) => `${i.path} ${i.message}`).join("; ");
}
