import { z } from "zod";
import { ALERT_SEVERITIES } from "./rule-document.schema.ts";

/**
 * What the rules workers write for the downstream writers (client-safe, zod only).
 *
 * route.timeseries, route.archive, route.stream and operator topics (ext.*): the telemetry.raw
 * record's value unchanged (the ingest bridge's JSON envelope, `ZTelemetryRecord` in
 * @fleetwire/ingest), except that `metrics` is the enriched payload when a rule enriched it.
 * Key: the device id. Headers: every telemetry.raw header (fleet, model, message-id,
 * received-at, protocol) plus the ROUTE_HEADERS below.
 *
 * route.alerts: one `ZAlertRecord` (JSON) per alert decision; key: the device id; same headers.
 * `route_to: alerts` sends no raw copy there: that topic carries alert records only.
 */
export const ROUTE_HEADERS = {
  /** Comma-separated ids of the rules that matched the message, in evaluation order. */
  ruleIds: "rule-ids",
  /** "true" when any metric was outside the device's baseline, else "false". */
  outlier: "outlier",
  /** Comma-separated flagged metrics (dotted paths), present only when `outlier` is "true". */
  outlierMetrics: "outlier-metrics",
  /** "true" when a rule enriched the payload. */
  enriched: "enriched",
} as const;

/** A rule's alert_if fired for a message (route.alerts). The alerts writer de-duplicates by dedupKey while active. */
export const ZAlertRecord = z.object({
  /** `<ruleId>:<alert name>:<deviceId>`: one active alert per rule, alert and device. */
  dedupKey: z.string().min(1),
  ruleId: z.string(),
  ruleVersion: z.number().int(),
  ruleName: z.string(),
  /** The alert's name within the rule (alert-<action index> unless the rule names it). */
  name: z.string(),
  deviceId: z.string(),
  fleetId: z.string(),
  severity: z.enum(ALERT_SEVERITIES),
  /** The rendered message template. */
  message: z.string(),
  /** The telemetry message that triggered it (alerts.last_message_id). */
  messageId: z.string().nullable(),
  /** When the reading was taken (the envelope's timestamp), ISO 8601 UTC. */
  at: z.string(),
  /** The (enriched) payload the alert was decided on. */
  payload: z.record(z.string(), z.unknown()),
});
export type TAlertRecord = z.infer<typeof ZAlertRecord>;

export const RULE_UPDATE_ACTIONS = ["created", "updated", "enabled", "disabled"] as const;

/**
 * A rules.updates record (JSON; key: the rule id). Every rules worker reloads its rules from
 * PostgreSQL on each one, so the record only names what changed.
 */
export const ZRuleUpdate = z.object({
  ruleId: z.string(),
  version: z.number().int(),
  fleetId: z.string(),
  action: z.enum(RULE_UPDATE_ACTIONS),
  at: z.string().optional(),
});
export type TRuleUpdate = z.infer<typeof ZRuleUpdate>;
