/** The shared subscription every bridge process joins; the broker hands each message to one member. */
export const TELEMETRY_SHARED_SUBSCRIPTION = "$share/ingest/+/devices/+/telemetry";

/** `{fleet_id}/devices/{device_id}/telemetry` -> its parts; anything else -> null. */
export function parseTelemetryTopic(topic: string): { fleetId: string; deviceId: string } | null {
  const parts = topic.split("/");
  if (parts.length !== 4 || parts[1] !== "devices" || parts[3] !== "telemetry") return null;
  const [fleetId, , deviceId] = parts;
  if (!fleetId || !deviceId) return null;
  return { fleetId, deviceId };
}
