import { describe, expect, it } from "vitest";
import { compileRuleSet, type RuleDefinition } from "./compile-rule-set.ts";
import { evaluate } from "./evaluate-rules.ts";
import type { TRuleMessage } from "./rule-message.schema.ts";

const FLEET = "fleet-a";
const ISSUE_RULE = {
  if: { device_type: "temperature_sensor", topic: "telemetry" },
  then: [
    { route_to: "timeseries_ingest" },
    {
      alert_if: "payload.temperature > 80",
      severity: "critical",
      message: "{{device_id}} is at {{payload.temperature}} °C",
    },
  ],
};

function rule(id: string, document: unknown, extra: Partial<RuleDefinition> = {}): RuleDefinition {
  return { id, fleetId: FLEET, name: id, priority: 100, enabled: true, version: 1, document, ...extra };
}

function message(payload: Record<string, unknown>, extra: Partial<TRuleMessage> = {}): TRuleMessage {
  return {
    messageId: "m-1",
    deviceId: "dev-1",
    fleetId: FLEET,
    model: "temperature_sensor",
    topic: "telemetry",
    payload,
    ...extra,
  };
}

describe("evaluate", () => {
  const issueSet = compileRuleSet([rule("hot", ISSUE_RULE)]);

  it("routes a temperature of 85 to timeseries and raises the alert", () => {
    const result = evaluate(issueSet, message({ temperature: 85 }));
    expect(result.routes).toEqual([{ target: "timeseries", topic: "route.timeseries", ruleId: "hot" }]);
    expect(result.alerts).toEqual([
      expect.objectContaining({
        ruleId: "hot",
        severity: "critical",
        message: "dev-1 is at 85 °C",
        name: "alert-1",
        dedupKey: "hot:alert-1:dev-1",
        messageId: "m-1",
      }),
    ]);
    expect(result.rules).toEqual([expect.objectContaining({ ruleId: "hot", matched: true, errors: [] })]);
  });

  it("routes a temperature of 20 without an alert", () => {
    const result = evaluate(issueSet, message({ temperature: 20 }));
    expect(result.routes.map((r) => r.topic)).toEqual(["route.timeseries"]);
    expect(result.alerts).toEqual([]);
  });

  it("leaves other models, topics and fleets alone", () => {
    expect(evaluate(issueSet, message({ temperature: 85 }, { model: "humidity_sensor" })).routes).toEqual([]);
    expect(evaluate(issueSet, message({ temperature: 85 }, { topic: "shadow/reported" })).routes).toEqual([]);
    expect(evaluate(issueSet, message({ temperature: 85 }, { fleetId: "fleet-b" })).evaluated).toBe(0);
  });

  it("runs rules by priority, lets enrichment reach later rules, and stops at drop", () => {
    const set = compileRuleSet([
      rule("c-archive-all", { then: [{ route_to: "archive" }] }, { priority: 30 }),
      rule(
        "b-drop-test",
        { if: { when: "has(payload.test) && payload.test" }, then: [{ drop: "test traffic" }] },
        { priority: 20 },
      ),
      rule(
        "a-to-fahrenheit",
        {
          then: [
            {
              enrich: {
                add: { site: "plant-3" },
                convert: [{ field: "temperature", from: "celsius", to: "fahrenheit", as: "temperature_f" }],
              },
            },
          ],
        },
        { priority: 10 },
      ),
      rule(
        "d-hot-f",
        { if: { when: "payload.temperature_f > 170.0" }, then: [{ route_to: "ext.hot-devices" }] },
        { priority: 40 },
      ),
      rule("e-disabled", { then: [{ route_to: "stream" }] }, { priority: 1, enabled: false }),
    ]);
    expect(set.rules.map((r) => r.id)).toEqual(["a-to-fahrenheit", "b-drop-test", "c-archive-all", "d-hot-f"]);

    const hot = evaluate(set, message({ temperature: 85 }));
    expect(hot.payload).toEqual({ temperature: 85, temperature_f: 185, site: "plant-3" });
    expect(hot.enriched).toBe(true);
    expect(hot.routes.map((r) => r.topic)).toEqual(["route.archive", "ext.hot-devices"]);
    expect(hot.dropped).toBeNull();

    const input = { temperature: 85, test: true };
    const test = evaluate(set, message(input));
    expect(test.dropped).toEqual({ ruleId: "b-drop-test", reason: "test traffic" });
    expect(test.routes).toEqual([]);
    expect(input).toEqual({ temperature: 85, test: true }); // the caller's payload is not touched
  });

  it("keeps routes decided before a drop and evaluates actions in document order", () => {
    const set = compileRuleSet([
      rule("r", { then: [{ route_to: "archive" }, { drop: true }, { route_to: "timeseries" }] }),
    ]);
    const result = evaluate(set, message({ temperature: 1 }));
    expect(result.routes.map((r) => r.target)).toEqual(["archive"]);
    expect(result.dropped?.reason).toBe("dropped by rule");
    expect(result.rules[0]?.actions.map((a) => a.kind)).toEqual(["route", "drop"]);
  });

  it("counts a runtime failure as a rule error and goes on with the other rules", () => {
    const set = compileRuleSet([
      rule(
        "needs-humidity",
        { if: { when: "payload.humidity > 50" }, then: [{ route_to: "alerts" }] },
        { priority: 1 },
      ),
      rule(
        "bad-alert",
        {
          then: [
            { alert_if: "payload.status" },
            { route_to: "stream" },
            { enrich: { convert: [{ field: "missing", from: "bar", to: "psi" }] } },
          ],
        },
        { priority: 2 },
      ),
      rule("fine", { then: [{ route_to: "timeseries" }] }, { priority: 3 }),
    ]);
    const result = evaluate(set, message({ temperature: 20, status: "ok" }));
    expect(result.routes.map((r) => r.target)).toEqual(["stream", "timeseries"]);
    expect(result.rules.map((r) => [r.ruleId, r.matched, r.errors.map((e) => e.path)])).toEqual([
      ["needs-humidity", false, ["/if/when"]],
      ["bad-alert", true, ["/then/0/alert_if", "/then/2/enrich"]],
      ["fine", true, []],
    ]);
    expect(result.rules[0]?.errors[0]?.message).toMatch(/humidity/);
    expect(result.rules[1]?.errors[0]?.message).toMatch(/not a bool/);
  });

  it("gives expressions the device, meta and outlier variables", () => {
    const set = compileRuleSet([
      rule("r", {
        if: {
          when: "device.attributes.site == 'plant-3' && meta.protocol == 'mqtt' && 'temperature' in outlier.flagged",
        },
        then: [
          {
            alert_if: "outlier.scores.temperature > 6.0",
            message: "{{device.attributes.site}} {{outlier.scores.temperature}} {{meta.protocol}}",
          },
        ],
      }),
    ]);
    const result = evaluate(
      set,
      message(
        { temperature: 500 },
        {
          protocol: "mqtt",
          attributes: { site: "plant-3" },
          outlier: { any: true, flagged: ["temperature"], scores: { temperature: 42.5 } },
        },
      ),
    );
    expect(result.alerts.map((a) => a.message)).toEqual(["plant-3 42.5 mqtt"]);
  });

  it("lists invalid stored rules instead of failing the whole set", () => {
    const set = compileRuleSet([rule("ok", ISSUE_RULE), rule("broken", { then: [{ alert_if: "payload.t >" }] })]);
    expect(set.rules.map((r) => r.id)).toEqual(["ok"]);
    expect(set.invalid).toEqual([
      {
        ruleId: "broken",
        version: 1,
        errors: [expect.objectContaining({ path: "/then/0/alert_if", kind: "cel_syntax" })],
      },
    ]);
  });

  it("evaluates 1,000 compiled rules correctly", () => {
    // rule i routes device dev-(i % 50) when its temperature exceeds i / 10
    const rules = Array.from({ length: 1000 }, (_, i) =>
      rule(`r${String(i).padStart(4, "0")}`, {
        if: { device_id: `dev-${i % 50}`, when: `payload.temperature > ${i / 10}` },
        then: [{ alert_if: "true", name: `a${i}` }],
      }),
    );
    const set = compileRuleSet(rules);
    expect(set.rules).toHaveLength(1000);
    const result = evaluate(set, message({ temperature: 50.05 }, { deviceId: "dev-7" }));
    const expected = Array.from({ length: 1000 }, (_, i) => i).filter((i) => i % 50 === 7 && 50.05 > i / 10);
    expect(result.alerts.map((a) => a.name)).toEqual(expected.map((i) => `a${i}`));
    expect(result.rules.every((r) => r.errors.length === 0)).toBe(true);
  });
});
