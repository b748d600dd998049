import { type TAlertRecord, ZAlertRecord } from "@fleetwire/rules/client";
import { parseJsonValue, type SinkRecord, UnusableRecord, zodDetail } from "../routed-record.ts";

/**
 * The value of a route.alerts record: `ZAlertRecord` of @fleetwire/rules, written by the rules
 * workers when an `alert_if` fires. `dedupKey` (`<ruleId>:<alert name>:<deviceId>`) names "the
 * same alert": while one with that key is active, further events only count into it.
 */
export type TAlertEvent = TAlertRecord & { atDate: Date };

export function parseAlertEvent(record: SinkRecord): TAlertEvent {
  const parsed = ZAlertRecord.safeParse(parseJsonValue(record));
  if (!parsed.success) throw new UnusableRecord("invalid_alert_event", zodDetail(parsed.error));
  const atDate = new Date(parsed.data.at);
  if (Number.isNaN(atDate.getTime())) throw new UnusableRecord("invalid_alert_event", "at: not a date");
  return { ...parsed.data, atDate };
}
