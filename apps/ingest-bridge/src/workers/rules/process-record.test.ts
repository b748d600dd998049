import { compileRuleSet, createOutlierDetector } from "@fleetwire/rules";
import { describe, expect, it } from "vitest";
import type { DeviceFacts } from "./device-facts-cache.ts";
import { type InputRecord, processRecord } from "./process-record.ts";

const facts: DeviceFacts = { modelName: "temperature_sensor", outlierPolicy: "flag", attributes: { site: "north" } };

function input(metrics: Record<string, unknown>, messageId = "m-1"): InputRecord {
  const value = {
    message_id: messageId,
    device_id: "dev-1",
    fleet_id: "fleet-1",
    model_id: "model-1",
    timestamp: "2026-11-25T12:00:00.000Z",
    received_at: "2026-11-25T12:00:01.000Z",
    protocol: "mqtt",
    metrics,
  };
  return {
    key: "dev-1",
    value: Buffer.from(JSON.stringify(value)),
    headers: { fleet: "fleet-1", model: "model-1", "message-id": messageId, protocol: "mqtt" },
  };
}

const rules = (...documents: unknown[]) =>
  compileRuleSet(
    documents.map((document, i) => ({
      id: `r${i}`,
      fleetId: "fleet-1",
      priority: i,
      enabled: true,
      version: 1,
      document,
    })),
  );

describe("processRecord", () => {
  it("copies the raw record to each route, adds rule ids and outlier flags, and writes alert records", () => {
    const ruleSet = rules(
      { if: { device_type: "temperature_sensor" }, then: [{ route_to: "timeseries_ingest" }, { route_to: "alerts" }] },
      { then: [{ alert_if: "payload.temperature > 80 && device.attributes.site == 'north'", severity: "critical" }] },
    );
    const record = input({ temperature: 85 });
    const out = processRecord(record, { ruleSet, detector: createOutlierDetector(), facts: () => facts });
    expect(out.kind).toBe("evaluated");
    // route_to alerts sends no raw copy: route.alerts carries alert records only.
    expect(out.outputs.map((o) => o.topic)).toEqual(["route.timeseries", "route.alerts"]);
    const [copy, alert] = out.outputs;
    expect(copy?.value).toBe(record.value); // unchanged bytes
    expect(copy?.headers).toEqual({ ...record.headers, "rule-ids": "r0,r1", outlier: "false" });
    expect(JSON.parse(String(alert?.value))).toMatchObject({
      dedupKey: "r1:alert-0:dev-1",
      ruleId: "r1",
      severity: "critical",
      deviceId: "dev-1",
      fleetId: "fleet-1",
      messageId: "m-1",
      at: "2026-11-25T12:00:00.000Z",
      payload: { temperature: 85 },
    });
  });

  it("forwards the enriched payload as metrics, and routes nothing after a drop", () => {
    const ruleSet = rules(
      {
        then: [
          { enrich: { add: { unit: "F" }, convert: [{ field: "temperature", from: "celsius", to: "fahrenheit" }] } },
        ],
      },
      { if: { when: "payload.temperature > 100.0" }, then: [{ drop: "too hot to store" }] },
      { then: [{ route_to: "archive" }] },
    );
    const deps = { ruleSet, detector: createOutlierDetector(), facts: () => facts };
    const cool = processRecord(input({ temperature: 20 }), deps);
    expect(cool.outputs).toHaveLength(1);
    expect(cool.outputs[0]?.headers.enriched).toBe("true");
    expect(JSON.parse(String(cool.outputs[0]?.value)).metrics).toEqual({ temperature: 68, unit: "F" });
    const hot = processRecord(input({ temperature: 85 }), deps);
    expect(hot.kind === "evaluated" && hot.evaluation.dropped).toEqual({ ruleId: "r1", reason: "too hot to store" });
    expect(hot.outputs).toEqual([]);
  });

  it("quarantines an outlier when the model says so, and dead-letters records it cannot read", () => {
    const detector = createOutlierDetector({ minSamples: 5 });
    const ruleSet = rules({ then: [{ route_to: "timeseries" }] });
    const deps = { ruleSet, detector, facts: () => ({ ...facts, outlierPolicy: "quarantine" as const }) };
    for (let i = 0; i < 10; i++) processRecord(input({ temperature: 21 + (i % 3) / 10 }), deps);
    const spike = processRecord(input({ temperature: 85 }, "spike"), deps);
    expect(spike.kind).toBe("quarantined");
    expect(spike.outputs.map((o) => [o.topic, o.headers.reason, o.headers["outlier-metrics"]])).toEqual([
      ["telemetry.dlq", "outlier", "temperature"],
    ]);
    expect(JSON.parse(String(spike.outputs[0]?.value))).toMatchObject({ reason: "outlier", message_id: "spike" });

    const broken = processRecord({ key: "dev-1", value: Buffer.from("{oops"), headers: {} }, deps);
    expect(broken.kind).toBe("invalid");
    expect(broken.outputs[0]).toMatchObject({ topic: "telemetry.dlq", headers: { reason: "invalid_record" } });
  });
});
