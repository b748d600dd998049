import { z } from "zod";

/** Client-safe request schemas for the alerts API. */
export const ALERT_STATUSES = ["active", "resolved"] as const;
export const ALERT_SEVERITY_FILTER = ["info", "warning", "critical"] as const;

export const ZListAlertsRequest = z.object({
  status: z.enum(ALERT_STATUSES).optional(),
  severity: z.enum(ALERT_SEVERITY_FILTER).optional(),
  deviceId: z.string().min(1).max(200).optional(),
  fleetId: z.uuid().optional(),
  ruleId: z.uuid().optional(),
  limit: z.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});
export type TListAlertsRequest = z.input<typeof ZListAlertsRequest>;

export const ZResolveAlertRequest = z.object({
  alertId: z.uuid(),
  comment: z.string().trim().max(500).optional(),
});
export type TResolveAlertRequest = z.infer<typeof ZResolveAlertRequest>;
