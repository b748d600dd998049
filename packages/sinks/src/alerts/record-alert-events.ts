import type { Pool, PoolClient } from "pg";
import type { TAlertEvent } from "./alert-event.schema.ts";

export type AlertEventOutcome = "opened" | "counted" | "already_seen" | "unknown_device";

/**
 * One statement per event, inside the caller's transaction:
 * - no active alert with the key: a new row (first_seen = last_seen = at, count 1);
 * - an active one: count + 1 and last_seen = at, but only for an event later than last_seen. The
 *   events of one device arrive in order (one Kafka partition), so an event no later than
 *   last_seen is a redelivery of one already counted and changes nothing;
 * - an event no later than the last_seen of a resolved alert with the key was counted before it
 *   was resolved (a redelivery): it does not reopen the alert.
 * The rule id is kept only if the rule still exists (the column is a foreign key).
 */
const UPSERT = `
INSERT INTO alerts (device_id, rule_id, rule_version, severity, message, dedup_key, first_seen_at, last_seen_at,
                    count, last_message_id, details)
SELECT d.id, (SELECT r.id FROM routing_rules r WHERE r.id::text = $2), $9, $3::alert_severity, $4, $5, $6, $6, 1,
       $7, $8::jsonb
  FROM devices d
 WHERE d.id = $1
   AND NOT EXISTS (SELECT 1 FROM alerts a WHERE a.dedup_key = $5 AND a.status = 'resolved' AND a.last_seen_at >= $6)
ON CONFLICT (dedup_key) WHERE status = 'active' DO UPDATE
   SET count = alerts.count + 1,
       last_seen_at = EXCLUDED.last_seen_at,
       last_message_id = EXCLUDED.last_message_id,
       rule_version = EXCLUDED.rule_version,
       severity = EXCLUDED.severity,
       message = EXCLUDED.message,
       details = EXCLUDED.details
 WHERE EXCLUDED.last_seen_at > alerts.last_seen_at
RETURNING (xmax = 0) AS inserted`;

async function recordOne(client: PoolClient, e: TAlertEvent): Promise<AlertEventOutcome> {
  const details = { fleetId: e.fleetId, ruleName: e.ruleName, name: e.name, payload: e.payload };
  const result = await client.query<{ inserted: boolean }>(UPSERT, [
    e.deviceId,
    e.ruleId,
    e.severity,
    e.message,
    e.dedupKey,
    e.atDate,
    e.messageId,
    JSON.stringify(details),
    e.ruleVersion,
  ]);
  const row = result.rows[0];
  if (row) return row.inserted ? "opened" : "counted";
  const device = await client.query("SELECT 1 FROM devices WHERE id = $1", [e.deviceId]);
  return device.rowCount ? "already_seen" : "unknown_device";
}

/**
 * Records a batch of alert events in one transaction, in order. When it resolves, all of them are
 * committed and the Kafka offsets may move. Events of a device that no longer exists are reported
 * as `unknown_device` (its alerts went with it) rather than failing the batch.
 */
export async function recordAlertEvents(pool: Pool, events: readonly TAlertEvent[]): Promise<AlertEventOutcome[]> {
  if (events.length === 0) return [];
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query("BEGIN");
    const outcomes: AlertEventOutcome[] = [];
    for (const event of events) outcomes.push(await recordOne(client, event));
    await client.query("COMMIT");
    return outcomes;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {
      broken = true;
    });
    throw error;
  } finally {
    client.release(broken);
  }
}
