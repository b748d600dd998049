import { describe, expect, it } from "vitest";
import { DeviceDirectory, type DeviceEntry } from "../directory/device-directory.ts";
import { type ModelSchema, ModelSchemaCache } from "../directory/model-schema-cache.ts";
import { DEFAULT_INGEST_LIMITS } from "./ingest-limits.ts";
import { type IngestContext, validateTelemetryPayload } from "./validate-telemetry.ts";

const schema = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  type: "object",
  properties: { temperature: { type: "number" } },
  required: ["temperature"],
  additionalProperties: false,
};

function setup() {
  const devices = new Map<string, DeviceEntry>([
    ["dev-1", { id: "dev-1", fleetId: "f1", modelId: "m1", modelSchemaVersion: 1, status: "provisioned" }],
    ["dev-off", { id: "dev-off", fleetId: "f1", modelId: "m1", modelSchemaVersion: 1, status: "suspended" }],
  ]);
  const models = new Map<string, ModelSchema>([["m1", { schemaVersion: 1, telemetrySchema: schema }]]);
  let schemaLoads = 0;
  const directory = new DeviceDirectory(async (id) => devices.get(id) ?? null, { ttlMs: 0, maxEntries: 10 });
  const schemas = new ModelSchemaCache(async (id) => {
    schemaLoads++;
    return models.get(id) ?? null;
  });
  const validator = { directory, schemas, limits: { ...DEFAULT_INGEST_LIMITS, maxPayloadBytes: 1024 } };
  return { devices, models, validator, loads: () => schemaLoads };
}

const now = new Date("2026-11-25T12:00:00Z");
const ctx = (deviceId = "dev-1", fleetId?: string): IngestContext => ({
  deviceId,
  protocol: "mqtt",
  receivedAt: now,
  ...(fleetId ? { fleetId } : {}),
});
const body = (value: unknown) => Buffer.from(JSON.stringify(value));
const good = { message_id: "m-1", timestamp: now.toISOString(), metrics: { temperature: 21.5 } };

describe("validateTelemetryPayload", () => {
  it("accepts a valid message, with the timestamp as ISO string or epoch milliseconds", async () => {
    const { validator } = setup();
    const a = await validateTelemetryPayload(body(good), ctx(), validator);
    expect(a.ok && a.value.envelope.recordedAt.toISOString()).toBe(now.toISOString());
    const b = await validateTelemetryPayload(
      body({ ...good, timestamp: now.getTime() }),
      ctx("dev-1", "f1"),
      validator,
    );
    expect(b.ok).toBe(true);
  });

  it("checks in order: size, JSON, envelope, clock skew, device, model schema", async () => {
    const { validator } = setup();
    const cases: [Buffer, IngestContext, string][] = [
      [Buffer.alloc(2000, 0x20), ctx(), "payload_too_large"],
      [Buffer.from("{not json"), ctx(), "invalid_json"],
      [Buffer.from([0xff, 0xfe]), ctx(), "invalid_json"],
      [body({ metrics: {} }), ctx(), "invalid_envelope"],
      [body({ ...good, message_id: "x".repeat(129) }), ctx(), "invalid_envelope"],
      [body({ ...good, timestamp: "yesterday" }), ctx(), "invalid_envelope"],
      [body({ ...good, timestamp: now.getTime() + 3_600_000 }), ctx(), "clock_skew"],
      [body({ ...good, timestamp: now.getTime() - 30 * 86_400_000 }), ctx(), "clock_skew"],
      [body({ ...good, device_id: "dev-2" }), ctx(), "device_mismatch"],
      [body(good), ctx("dev-unknown"), "unknown_device"],
      [body(good), ctx("dev-off"), "device_inactive"],
      [body(good), ctx("dev-1", "other-fleet"), "device_mismatch"],
      [body({ ...good, metrics: { temperature: "hot" } }), ctx(), "schema_violation"],
      [body({ ...good, metrics: { temperature: 1, extra: 2 } }), ctx(), "schema_violation"],
    ];
    for (const [payload, context, reason] of cases) {
      const result = await validateTelemetryPayload(payload, context, validator);
      expect(result.ok ? "ok" : result.reason, payload.toString().slice(0, 60)).toBe(reason);
    }
  });

  it("keeps the message id on rejections that got far enough to show one", async () => {
    const { validator } = setup();
    const r = await validateTelemetryPayload(body({ ...good, metrics: { temperature: "x" } }), ctx(), validator);
    expect(r.ok ? null : r.messageId).toBe("m-1");
    expect(r.ok ? null : r.detail).toContain("metrics.temperature");
  });

  it("compiles a model's schema once and recompiles when its version changes", async () => {
    const { validator, devices, models, loads } = setup();
    for (let i = 0; i < 5; i++) await validateTelemetryPayload(body(good), ctx(), validator);
    expect(loads()).toBe(1);
    // The operator changes the schema: humidity becomes required.
    models.set("m1", {
      schemaVersion: 2,
      telemetrySchema: {
        ...schema,
        properties: { ...schema.properties, humidity: { type: "number" } },
        required: ["humidity"],
      },
    });
    devices.set("dev-1", { ...(devices.get("dev-1") as DeviceEntry), modelSchemaVersion: 2 });
    const r = await validateTelemetryPayload(body(good), ctx(), validator);
    expect(r.ok ? "ok" : r.reason).toBe("schema_violation");
    expect(loads()).toBe(2);
  });

  it("quarantines messages of a model whose schema does not compile", async () => {
    const { validator, models } = setup();
    models.set("m1", { schemaVersion: 1, telemetrySchema: { type: "nonsense-type" } });
    const r = await validateTelemetryPayload(body(good), ctx(), validator);
    expect(r.ok ? "ok" : r.reason).toBe("model_schema_invalid");
  });
});
