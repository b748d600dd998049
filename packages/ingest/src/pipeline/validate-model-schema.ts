import type { ValidateFunction } from "ajv";
import { ok, reject, type StepResult } from "./step-result.ts";

export function validateModelSchema<T>(validate: ValidateFunction, metrics: T): StepResult<T> {
  if (validate(metrics)) return ok(metrics);
  const error = validate.errors?.[0];
  const at = error?.instancePath ? `metrics${error.instancePath.replaceAll("/", ".")}` : "metrics";
  const extra =
    error?.keyword === "additionalProperties"
      ? ` (${String((error.params as { additionalProperty?: string }).additionalProperty)})`
      : "";
  return reject("schema_violation", `${at} ${error?.message ?? "does not match the model's schema"}${extra}`);
}
