import { z } from "zod";
import { parseJsonValue, type SinkRecord, UnusableRecord, zodDetail } from "../routed-record.ts";

/**
 * The value of a route.alerts record (JSON), written by the rules workers when an `alert_if`
 * matches. `dedupKey` names "the same alert" (typically rule + device + condition): while an
 * alert with that key is active, further events only count into it.
 */
export const ZAlertEvent = z.object({
  dedupKey: z.string().min(1).max(500),
  ruleId: z.string().max(200).nullish(),
  deviceId: z.string().min(1).max(200),
  fleetId: z.string().max(200).nullish(),
  severity: z.enum(["info", "warning", "critical"]),
  message: z.string().max(2000),
  messageId: z.string().max(200).nullish(),
  /** When the condition was observed, ISO 8601. */
  at: z.iso.datetime({ offset: true }),
  payload: z.record(z.string(), z.unknown()).nullish(),
});
export type TAlertEvent = z.infer<typeof ZAlertEvent>;

export function parseAlertEvent(record: SinkRecord): TAlertEvent {
  const parsed = ZAlertEvent.safeParse(parseJsonValue(record));
  if (!parsed.success) throw new UnusableRecord("invalid_alert_event", zodDetail(parsed.error));
  return parsed.data;
}
