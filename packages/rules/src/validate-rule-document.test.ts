import { describe, expect, it } from "vitest";
import { ruleDocumentJsonSchema } from "./rule-document.schema.ts";
import { validateRuleDocument } from "./validate-rule-document.ts";

const ISSUE_RULE = {
  if: { device_type: "temperature_sensor", topic: "telemetry" },
  then: [{ route_to: "timeseries_ingest" }, { alert_if: "payload.temperature > 80" }],
};

/** The text a document error points at. */
function marked(text: string, error: { document?: { offset: number; length: number } }) {
  const d = error.document;
  return d ? text.slice(d.offset, d.offset + d.length) : undefined;
}

describe("validateRuleDocument", () => {
  it("accepts the issue's rule as a value and as text", () => {
    expect(validateRuleDocument(ISSUE_RULE)).toEqual({ ok: true, rule: ISSUE_RULE });
    expect(validateRuleDocument(JSON.stringify(ISSUE_RULE, null, 2)).ok).toBe(true);
  });

  it("refuses an invalid CEL expression with its position in the expression and in the document", () => {
    const text = [
      "{",
      '  "if": {"device_type": "temperature_sensor"},',
      '  "then": [',
      '    {"route_to": "timeseries"},',
      '    {"alert_if": "payload.temperature > 80 && (payload.humidity < 5", "severity": "critical"}',
      "  ]",
      "}",
    ].join("\n");
    const result = validateRuleDocument(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(1);
    const [error] = result.errors;
    expect(error).toMatchObject({ path: "/then/1/alert_if", kind: "cel_syntax", message: "Expected RPAREN, got EOF" });
    // the error is at the end of the expression (offset 49, where ")" is missing) ...
    expect(error?.expression).toEqual({ offset: 49, line: 1, column: 50, length: 1 });
    // ... which is the closing quote on line 5 of the document
    expect(error?.document).toMatchObject({ line: 5, column: 68 });
    expect(marked(text, error ?? {})).toBe('"');
  });

  it("maps positions through JSON escapes and multi-line expressions", () => {
    const doc = { then: [{ alert_if: 'device.model == "°\\"x" &&\n  paylod.t > 1' }] };
    const text = JSON.stringify(doc, null, 2);
    const result = validateRuleDocument(text);
    if (result.ok) throw new Error("expected an error");
    const [error] = result.errors;
    expect(error).toMatchObject({ kind: "cel_type", message: "Unknown variable: paylod" });
    expect(error?.expression).toMatchObject({ line: 2, column: 3, length: 6 });
    expect(marked(text, error ?? {})).toBe("paylod");
  });

  it("refuses expressions of the wrong type and unknown functions or fields", () => {
    const errorsOf = (alert_if: string) => {
      const r = validateRuleDocument({ then: [{ alert_if }] });
      return r.ok ? [] : r.errors.map((e) => e.message);
    };
    expect(errorsOf("device.id")).toEqual(["the expression must give a bool, but gives string"]);
    expect(errorsOf("'a' > 1")).toEqual(["no such overload: string > int"]);
    expect(errorsOf("device.serial == 'x'")[0]).toMatch(/serial/);
    expect(errorsOf("nosuchfn(payload.t)")[0]).toMatch(/nosuchfn/);
    expect(errorsOf("payload.t > 1 && outlier.any && 'temperature' in outlier.flagged")).toEqual([]);
  });

  it("reports JSON syntax errors with their position", () => {
    const text = '{"then": [{"drop": true},]}';
    const result = validateRuleDocument(text);
    if (result.ok) throw new Error("expected an error");
    expect(result.errors[0]).toMatchObject({ kind: "json_syntax", path: "", document: { line: 1, column: 26 } });
    const dup = validateRuleDocument('{"then": [{"drop": true}], "then": []}');
    expect(dup.ok ? [] : dup.errors.map((e) => e.message)).toEqual(['duplicate field "then"']);
  });

  it("gives schema errors a JSON path and a precise message", () => {
    const text = JSON.stringify({
      if: { devcie_type: "x" },
      then: [
        { route_to: "Bad Topic" },
        { alert_if: 3 },
        { drop: true, route_to: "archive" },
        { enrich: { convert: [{ field: "t", from: "celsius", to: "psi" }] } },
        { alert_if: "true", message: "{{device_id}} at {{bogus}}" },
      ],
    });
    const result = validateRuleDocument(text);
    if (result.ok) throw new Error("expected errors");
    const byPath = Object.fromEntries(result.errors.map((e) => [e.path, e]));
    expect(byPath["/if/devcie_type"]?.message).toBe('unknown field "devcie_type"');
    expect(marked(text, byPath["/if/devcie_type"] ?? {})).toBe('"devcie_type"');
    expect(byPath["/then/0/route_to"]?.message).toMatch(
      /one of timeseries, stream, alerts, archive or an operator topic ext\./,
    );
    expect(byPath["/then/1/alert_if"]?.message).toMatch(/expected string/);
    expect(byPath["/then/2"]?.message).toMatch(/found drop and route_to/);
    // semantic errors come once the shape is right
    const semantic = validateRuleDocument({
      then: [
        { enrich: { convert: [{ field: "t", from: "celsius", to: "psi" }] } },
        { alert_if: "true", message: "{{device_id}} at {{bogus}}" },
      ],
    });
    expect(semantic.ok ? [] : semantic.errors).toEqual([
      expect.objectContaining({
        path: "/then/0/enrich/convert/0/to",
        message: "cannot convert celsius (temperature) to psi (pressure)",
      }),
      expect.objectContaining({
        path: "/then/1/message",
        kind: "template",
        expression: expect.objectContaining({ offset: 17, length: 9 }),
      }),
    ]);
  });

  it("accepts operator topics and refuses unsafe field names", () => {
    expect(validateRuleDocument({ then: [{ route_to: "ext.maintenance-team" }] }).ok).toBe(true);
    const bad = validateRuleDocument({ then: [{ enrich: { add: { "__proto__.polluted": 1 } } }] });
    expect(bad.ok).toBe(false);
  });

  it("exports a JSON Schema for the editor that knows the actions and route targets", () => {
    const text = JSON.stringify(ruleDocumentJsonSchema);
    expect(ruleDocumentJsonSchema.$schema).toBe("http://json-schema.org/draft-07/schema#");
    for (const word of ["route_to", "alert_if", "enrich", "drop", "timeseries_ingest", "critical", "fahrenheit"]) {
      expect(text).toContain(word);
    }
  });
});
