import { z } from "zod";

/** Client-safe request schemas for device models (the console's forms reuse them). */
export const OUTLIER_POLICIES = ["flag", "quarantine"] as const;

// Devices name their model when they provision (`{"model": "..."}`), so the name is an identifier.
export const ZDeviceModelName = z
  .string()
  .trim()
  .min(1, "a name is required")
  .max(100)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "letters, digits, '.', '_' and '-', starting with a letter or digit");

/** A JSON object; whether it is a valid JSON Schema is checked by `checkTelemetrySchema`. */
export const ZTelemetrySchema = z.record(z.string(), z.unknown());

export const ZCreateDeviceModelRequest = z.object({
  name: ZDeviceModelName,
  description: z.string().trim().max(2000).optional(),
  telemetrySchema: ZTelemetrySchema,
  defaultFleetId: z.uuid().nullable().optional(),
  outlierPolicy: z.enum(OUTLIER_POLICIES).default("flag"),
});
export type TCreateDeviceModelRequest = z.input<typeof ZCreateDeviceModelRequest>;

export const ZUpdateDeviceModelRequest = z.object({
  modelId: z.uuid(),
  name: ZDeviceModelName.optional(),
  description: z.string().trim().max(2000).nullable().optional(),
  /** A changed schema bumps the model's schemaVersion. */
  telemetrySchema: ZTelemetrySchema.optional(),
  defaultFleetId: z.uuid().nullable().optional(),
  outlierPolicy: z.enum(OUTLIER_POLICIES).optional(),
});
export type TUpdateDeviceModelRequest = z.infer<typeof ZUpdateDeviceModelRequest>;

export const ZGetDeviceModelRequest = z.object({ modelId: z.uuid() });
export type TGetDeviceModelRequest = z.infer<typeof ZGetDeviceModelRequest>;

export const ZListDeviceModelsRequest = z.object({
  fleetId: z.uuid().optional(),
  search: z.string().trim().max(100).optional(),
});
export type TListDeviceModelsRequest = z.infer<typeof ZListDeviceModelsRequest>;
