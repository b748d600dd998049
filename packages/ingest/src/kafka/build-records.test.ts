import { describe, expect, it } from "vitest";
import { buildDeadLetterRecord, buildTelemetryRecord, DLQ_PAYLOAD_CAP_BYTES } from "./build-records.ts";
import { ZDeadLetterRecord, ZTelemetryRecord } from "./telemetry-record.schema.ts";

const receivedAt = new Date("2026-11-25T12:00:01Z");

describe("Kafka records", () => {
  it("telemetry.raw: keyed by device id, with fleet, model, message-id, received-at and protocol headers", () => {
    const record = buildTelemetryRecord({
      context: { deviceId: "dev-1", protocol: "http", receivedAt },
      device: { id: "dev-1", fleetId: "f1", modelId: "m1", modelSchemaVersion: 1, status: "active" },
      envelope: {
        message_id: "m-1",
        timestamp: "2026-11-25T12:00:00Z",
        recordedAt: new Date("2026-11-25T12:00:00Z"),
        metrics: { temperature: 1 },
      },
    });
    expect(record.topic).toBe("telemetry.raw");
    expect(record.key).toBe("dev-1");
    expect(record.headers).toEqual({
      fleet: "f1",
      model: "m1",
      "message-id": "m-1",
      "received-at": receivedAt.toISOString(),
      protocol: "http",
    });
    const value = ZTelemetryRecord.parse(JSON.parse(record.value.toString()));
    expect(value.timestamp).toBe("2026-11-25T12:00:00.000Z");
  });

  it("telemetry.dlq: the reason and the original payload, capped", () => {
    const payload = Buffer.alloc(DLQ_PAYLOAD_CAP_BYTES + 10, 0x61);
    const record = buildDeadLetterRecord(
      { ok: false, reason: "payload_too_large", detail: "too big" },
      { deviceId: "dev-1", fleetId: "f1", protocol: "mqtt", receivedAt },
      payload,
    );
    expect(record.topic).toBe("telemetry.dlq");
    expect(record.headers.reason).toBe("payload_too_large");
    const value = ZDeadLetterRecord.parse(JSON.parse(record.value.toString()));
    expect(value.payload_bytes).toBe(payload.length);
    expect(value.payload_truncated).toBe(true);
    expect(Buffer.from(value.payload_base64, "base64").length).toBe(DLQ_PAYLOAD_CAP_BYTES);
  });
});
