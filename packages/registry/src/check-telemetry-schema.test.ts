import { describe, expect, it } from "vitest";
import { checkTelemetrySchema, DRAFT_2020_12 } from "./check-telemetry-schema.ts";

describe("checkTelemetrySchema", () => {
  it("accepts a draft 2020-12 schema with formats and local references", () => {
    expect(
      checkTelemetrySchema({
        $schema: DRAFT_2020_12,
        type: "object",
        $defs: { celsius: { type: "number", minimum: -273.15 } },
        properties: { temperature: { $ref: "#/$defs/celsius" }, at: { type: "string", format: "date-time" } },
      }),
    ).toEqual([]);
  });

  it("names the location and the allowed values of a wrong type", () => {
    expect(checkTelemetrySchema({ type: "object", properties: { t: { type: "nummber" } } })).toEqual([
      {
        path: "/properties/t/type",
        message: "must be equal to one of the allowed values: array, boolean, integer, null, number, object, string",
      },
    ]);
  });

  it("refuses misspelt keywords, unresolvable references, unknown formats and other drafts", () => {
    expect(checkTelemetrySchema({ type: "object", propertes: {} })[0]?.message).toBe(
      'strict mode: unknown keyword: "propertes"',
    );
    expect(checkTelemetrySchema({ $ref: "#/$defs/missing" })[0]?.message).toContain("can't resolve reference");
    expect(checkTelemetrySchema({ type: "string", format: "colour" })[0]?.message).toContain('unknown format "colour"');
    expect(checkTelemetrySchema({ $schema: "http://json-schema.org/draft-07/schema#" })).toEqual([
      { path: "/$schema", message: `must be "${DRAFT_2020_12}" (only draft 2020-12 is supported)` },
    ]);
    expect(checkTelemetrySchema([])).toEqual([
      { path: "/", message: "must be a JSON object (a JSON Schema document)" },
    ]);
  });
});
