import { describe, expect, it } from "vitest";
import { schemaFields } from "./schema-fields.ts";

describe("schemaFields", () => {
  it("lists a telemetry schema's fields as dotted paths with their types", () => {
    const schema = {
      type: "object",
      properties: {
        temperature: { type: "number", description: "°C" },
        env: { type: "object", properties: { humidity: { type: ["number", "null"] } } },
        tags: { type: "array", items: { type: "string" } },
      },
    };
    expect(schemaFields(schema)).toEqual([
      { path: "temperature", type: "number", description: "°C" },
      { path: "env", type: "object" },
      { path: "env.humidity", type: "number | null" },
      { path: "tags", type: "array" },
    ]);
  });

  it("gives nothing for a schema without properties", () => {
    expect(schemaFields({ type: "object" })).toEqual([]);
    expect(schemaFields(null)).toEqual([]);
  });
});
