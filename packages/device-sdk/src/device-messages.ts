/**
 * The messages a device exchanges with Fleetwire (design.md, "Device topics"). Kept here as plain
 * types so the SDK carries no server code; the platform's zod schemas (packages/ingest,
 * packages/shadows, packages/commands) are the authority on their shape.
 */

/** `{fleet}/devices/{id}/telemetry` */
export interface TelemetryEnvelope {
  message_id: string;
  timestamp: string | number;
  metrics: Record<string, unknown>;
}

/** `{fleet}/devices/{id}/shadow/delta`: desired keys the reported state does not match yet. */
export interface ShadowDelta {
  version: number;
  state: Record<string, unknown>;
  timestamp: string;
}

/** `{fleet}/devices/{id}/commands`, with MQTT 5 response topic and correlation data. */
export interface Command {
  id: string;
  name: string;
  params: Record<string, unknown>;
  expires_at: string;
}

/** `{fleet}/devices/{id}/commands/response`, with the command's correlation data. */
export interface CommandReply {
  status: "delivered" | "succeeded" | "failed";
  result?: unknown;
}

export function deviceTopics(fleetId: string, deviceId: string) {
  const base = `${fleetId}/devices/${deviceId}`;
  return {
    telemetry: `${base}/telemetry`,
    shadowReported: `${base}/shadow/reported`,
    shadowDelta: `${base}/shadow/delta`,
    commands: `${base}/commands`,
    commandResponse: `${base}/commands/response`,
  };
}
