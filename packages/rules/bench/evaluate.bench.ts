/**
 * Micro-benchmark: rule-set compile time and evaluations per second with 100 and 1,000 rules.
 * Run: pnpm --filter @fleetwire/rules bench (or tsx packages/rules/bench/evaluate.bench.ts).
 * Prints one JSON line per case so scripts can collect it; `--json` prints only those lines.
 *
 * Two shapes per size: "all-match" (every rule applies to the message, so every CEL condition
 * runs: the worst case) and "scoped" (rules filter on device_id, 1 in 50 applies: typical).
 */
import { compileRuleSet, evaluate, type RuleDefinition, type TRuleMessage } from "../src/index.ts";

const jsonOnly = process.argv.includes("--json");
const log = (line: string) => {
  if (!jsonOnly) console.log(line);
};

function rules(count: number, scoped: boolean): RuleDefinition[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `rule-${i}`,
    fleetId: "fleet-bench",
    name: `rule-${String(i).padStart(5, "0")}`,
    priority: i,
    enabled: true,
    version: 1,
    document: {
      if: {
        device_type: "temperature_sensor",
        topic: "telemetry",
        ...(scoped ? { device_id: `dev-${i % 50}` } : {}),
        when: `payload.temperature > ${i % 90}.5 && device.attributes.site != 'lab'`,
      },
      then: [
        { route_to: i % 2 === 0 ? "timeseries" : "archive" },
        {
          alert_if: `payload.temperature > ${80 + (i % 20)}`,
          severity: "critical",
          message: "{{device_id}} at {{payload.temperature}}",
        },
      ],
    },
  }));
}

function messages(n: number): TRuleMessage[] {
  return Array.from({ length: n }, (_, i) => ({
    messageId: `m-${i}`,
    deviceId: `dev-${i % 50}`,
    fleetId: "fleet-bench",
    model: "temperature_sensor",
    topic: "telemetry",
    protocol: "mqtt",
    receivedAt: "2026-11-01T00:00:00.000Z",
    payload: { temperature: (i * 7.3) % 100, humidity: 40 + (i % 20) },
    attributes: { site: "plant-3" },
  }));
}

const sample = messages(1000);
for (const count of [100, 1000]) {
  for (const scoped of [false, true]) {
    const definitions = rules(count, scoped);
    const t0 = performance.now();
    const set = compileRuleSet(definitions);
    const compileMs = performance.now() - t0;
    if (set.rules.length !== count) throw new Error(`compiled ${set.rules.length} of ${count} rules`);
    let routes = 0;
    for (let i = 0; i < 200; i++) routes += evaluate(set, sample[i % sample.length] as TRuleMessage).routes.length; // warm up
    const durationMs = 2000;
    let evaluations = 0;
    const start = performance.now();
    let now = start;
    while (now - start < durationMs) {
      for (let i = 0; i < 50; i++) {
        routes += evaluate(set, sample[evaluations % sample.length] as TRuleMessage).routes.length;
        evaluations += 1;
      }
      now = performance.now();
    }
    const perSecond = evaluations / ((now - start) / 1000);
    const shape = scoped ? "scoped" : "all-match";
    log(
      `${String(count).padStart(5)} rules, ${shape.padEnd(9)}: ${Math.round(perSecond).toLocaleString("en")} evaluations/s (compile ${compileMs.toFixed(0)} ms)`,
    );
    console.log(
      JSON.stringify({
        bench: "rules.evaluate",
        rules: count,
        shape,
        evaluationsPerSecond: Math.round(perSecond),
        compileMs: Math.round(compileMs),
        checksum: routes > 0,
      }),
    );
  }
}
