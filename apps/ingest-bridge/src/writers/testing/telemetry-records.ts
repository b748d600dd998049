import type { Message } from "kafkajs";

/** A route.timeseries / route.archive record as the rules worker forwards it (see packages/sinks). */
export function routedTelemetryRecord(options: {
  deviceId: string;
  fleetId: string;
  messageId: string;
  recordedAt: Date;
  metrics: Record<string, unknown>;
  ruleIds?: string[];
}): Message {
  const receivedAt = new Date(options.recordedAt.getTime() + 50).toISOString();
  return {
    key: options.deviceId,
    value: JSON.stringify({
      message_id: options.messageId,
      device_id: options.deviceId,
      fleet_id: options.fleetId,
      model_id: "model-test",
      timestamp: options.recordedAt.toISOString(),
      received_at: receivedAt,
      protocol: "mqtt",
      metrics: options.metrics,
    }),
    headers: {
      fleet: options.fleetId,
      model: "model-test",
      "message-id": options.messageId,
      "received-at": receivedAt,
      protocol: "mqtt",
      ...(options.ruleIds ? { "rule-ids": options.ruleIds.join(",") } : {}),
    },
  };
}
