import { Ajv, type ValidateFunction } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { ok, reject, type StepResult } from "../pipeline/step-result.ts";

// ajv-formats is CommonJS: under Node's ESM loader the default import is the plugin itself.
type FormatsPlugin = (ajv: Ajv) => Ajv;
const addFormats: FormatsPlugin =
  (addFormatsModule as unknown as { default?: FormatsPlugin }).default ??
  (addFormatsModule as unknown as FormatsPlugin);

export interface ModelSchema {
  schemaVersion: number;
  telemetrySchema: unknown;
}

/** Where model schemas come from: PostgreSQL in the bridge (see prisma-directory-source.ts). */
export type LoadModelSchema = (modelId: string) => Promise<ModelSchema | null>;

type Compiled = { version: number; result: StepResult<ValidateFunction> };

/**
 * Compiled telemetry validators, one per device model. A model's schema is compiled once per
 * schema version; when a device shows a newer version (device_models.schema_version is bumped on
 * every change) the schema is reloaded and recompiled, and the old validator is dropped.
 */
export class ModelSchemaCache {
  private readonly compiled = new Map<string, Compiled>();
  private readonly loading = new Map<string, Promise<Compiled>>();

  constructor(private readonly load: LoadModelSchema) {}

  async validatorFor(modelId: string, schemaVersion: number): Promise<StepResult<ValidateFunction>> {
    const cached = this.compiled.get(modelId);
    if (cached && cached.version >= schemaVersion) return cached.result;
    let pending = this.loading.get(modelId);
    if (!pending) {
      pending = this.compile(modelId).finally(() => this.loading.delete(modelId));
      this.loading.set(modelId, pending);
    }
    return (await pending).result;
  }

  /** How many models have a compiled validator (for tests and metrics). */
  get size(): number {
    return this.compiled.size;
  }

  private async compile(modelId: string): Promise<Compiled> {
    const model = await this.load(modelId);
    if (!model) return { version: -1, result: reject("unknown_device", `device model ${modelId} does not exist`) };
    const entry: Compiled = { version: model.schemaVersion, result: compileTelemetrySchema(model.telemetrySchema) };
    // A failed compile is cached too: the schema stays broken until its version changes.
    this.compiled.set(modelId, entry);
    return entry;
  }
}

export function compileTelemetrySchema(schema: unknown): StepResult<ValidateFunction> {
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) {
    return reject("model_schema_invalid", "the model's telemetry schema is not a JSON object");
  }
  const declared = (schema as { $schema?: unknown }).$schema;
  // Draft 2020-12 unless the schema names draft-07 (or older, which draft-07 reads).
  const ajv =
    typeof declared === "string" && /draft-0[4-7]/.test(declared)
      ? new Ajv({ allErrors: false, strict: false })
      : new Ajv2020({ allErrors: false, strict: false });
  addFormats(ajv as Ajv);
  try {
    return ok(ajv.compile(schema));
  } catch (error) {
    return reject("model_schema_invalid", `the model's telemetry schema does not compile: ${(error as Error).message}`);
  }
}
