import { describe, expect, it } from "vitest";
import { UnusableRecord } from "./routed-record.ts";
import { parseRoutedTelemetry } from "./routed-telemetry.ts";

const record = (value: unknown, headers: Record<string, string> = {}) => ({
  partition: 0,
  offset: "7",
  key: Buffer.from("dev-1"),
  value: Buffer.from(typeof value === "string" ? value : JSON.stringify(value)),
  headers,
});

describe("parseRoutedTelemetry", () => {
  it("reads the telemetry.raw record shape", () => {
    const m = parseRoutedTelemetry(
      record(
        {
          message_id: "m-1",
          device_id: "dev-1",
          fleet_id: "f-1",
          model_id: "model-1",
          timestamp: "2026-11-25T12:00:00.000Z",
          received_at: "2026-11-25T12:00:01.000Z",
          protocol: "mqtt",
          metrics: { temperature: 85 },
        },
        { "rule-ids": "r1, r2" },
      ),
    );
    expect(m).toEqual({
      messageId: "m-1",
      deviceId: "dev-1",
      fleetId: "f-1",
      modelId: "model-1",
      recordedAt: new Date("2026-11-25T12:00:00.000Z"),
      receivedAt: new Date("2026-11-25T12:00:01.000Z"),
      protocol: "mqtt",
      metrics: { temperature: 85 },
      ruleIds: ["r1", "r2"],
    });
  });

  it("takes what the value leaves out from the key and headers, and an enriched payload", () => {
    const m = parseRoutedTelemetry(
      record(
        { timestamp: 1_795_600_000_000, payload: { temperature_f: 185 } },
        { fleet: "f-2", "message-id": "m-2", "received-at": "2026-11-25T12:00:01.000Z" },
      ),
    );
    expect(m).toMatchObject({ messageId: "m-2", deviceId: "dev-1", fleetId: "f-2", metrics: { temperature_f: 185 } });
  });

  it("refuses records it cannot land, with a reason", () => {
    const reasonOf = (value: unknown) => {
      try {
        parseRoutedTelemetry(record(value));
        return null;
      } catch (error) {
        return (error as UnusableRecord).reason;
      }
    };
    expect(reasonOf("{not json")).toBe("invalid_json");
    expect(reasonOf({ metrics: {} })).toBe("invalid_envelope");
    expect(reasonOf({ timestamp: "2026-11-25T12:00:00Z", metrics: {} })).toBe("missing_field");
  });
});
