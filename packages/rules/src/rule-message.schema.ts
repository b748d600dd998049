import { z } from "zod";

/**
 * What a rule sees of a message. The rules worker builds it from the telemetry.raw record; dry
 * runs accept it as sample input. `model` is the device model's name (what `device_type` and
 * `model` matchers compare), `topic` the topic kind after the device id (`telemetry`).
 */
export const ZOutlierFlags = z.object({
  any: z.boolean(),
  flagged: z.array(z.string()),
  scores: z.record(z.string(), z.number()),
});

export const ZRuleMessage = z.object({
  messageId: z.string().max(200).optional(),
  deviceId: z.string().min(1).max(200),
  fleetId: z.string().min(1).max(200),
  model: z.string().max(200).nullish(),
  topic: z.string().min(1).max(200).default("telemetry"),
  protocol: z.string().max(20).optional(),
  /** ISO 8601. */
  receivedAt: z.string().max(64).optional(),
  payload: z.record(z.string(), z.unknown()),
  attributes: z.record(z.string(), z.unknown()).nullish(),
  outlier: ZOutlierFlags.optional(),
});

export type TRuleMessage = z.input<typeof ZRuleMessage>;
export type TOutlierFlags = z.infer<typeof ZOutlierFlags>;
export const NO_OUTLIERS: TOutlierFlags = Object.freeze({ any: false, flagged: [], scores: {} }) as TOutlierFlags;
