import { describe, expect, it } from "vitest";
import { dryRun } from "./dry-run.ts";

const DRAFT = JSON.stringify({
  if: { device_type: "temperature_sensor", when: "payload.temperature > 0" },
  then: [
    { route_to: "timeseries" },
    {
      enrich: { convert: [{ field: "temperature", from: "celsius", to: "fahrenheit", as: "temperature_f", round: 1 }] },
    },
    {
      alert_if: "payload.temperature_f > 176.0",
      severity: "critical",
      name: "overheat",
      message: "{{device_id}}: {{payload.temperature_f}} °F",
    },
  ],
});

const sample = (deviceId: string, temperature: unknown, model = "temperature_sensor") => ({
  messageId: `m-${deviceId}`,
  deviceId,
  fleetId: "fleet-a",
  model,
  payload: { temperature },
});

describe("dryRun", () => {
  it("says per message what the draft would do", () => {
    const result = dryRun({ document: DRAFT, id: "rule-1" }, [
      sample("hot", 85),
      sample("mild", 20),
      sample("frozen", -5),
      sample("other", 85, "humidity_sensor"),
      sample("broken", "n/a"),
      { deviceId: "no-fleet", payload: {} },
    ]);
    if (!result.ok) throw new Error("draft should be valid");
    const [hot, mild, frozen, other, broken, invalid] = result.results;
    expect(hot).toMatchObject({
      matched: true,
      routes: [{ target: "timeseries", topic: "route.timeseries" }],
      alerts: [{ name: "overheat", severity: "critical", message: "hot: 185 °F", dedupKey: "rule-1:overheat:hot" }],
      enrichedPayload: { temperature: 85, temperature_f: 185 },
      errors: [],
    });
    expect(mild).toMatchObject({ matched: true, alerts: [], enrichedPayload: { temperature_f: 68 } });
    expect(frozen).toMatchObject({ matched: false, routes: [], alerts: [] });
    expect(other).toMatchObject({ matched: false, routes: [] });
    expect(broken?.matched).toBe(false);
    expect(broken?.errors[0]).toMatchObject({ path: "/if/when" });
    expect(invalid?.invalidMessage).toMatch(/fleetId/);
  });

  it("refuses an invalid draft with the validator's errors", () => {
    const result = dryRun({ document: '{"then": [{"alert_if": "payload.temperature >"}]}' }, [sample("x", 1)]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]).toMatchObject({ path: "/then/0/alert_if", kind: "cel_syntax", document: { line: 1 } });
  });
});
