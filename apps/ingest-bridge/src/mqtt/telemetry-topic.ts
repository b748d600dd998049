/** The shared subscription the bridges of one group join; the broker hands each message to one member. */
export const telemetrySharedSubscription = (group: string) => `$share/${group}/+/devices/+/telemetry`;

/** `{fleet_id}/devices/{device_id}/telemetry` -> its parts; anything else -> null. */
export function parseTelemetryTopic(topic: string): { fleetId: string; deviceId: string } | null {
  const parts = topic.split("/");
  if (parts.length !== 4 || parts[1] !== "devices" || parts[3] !== "telemetry") return null;
  const [fleetId, , deviceId] = parts;
  if (!fleetId || !deviceId) return null;
  return { fleetId, deviceId };
}
