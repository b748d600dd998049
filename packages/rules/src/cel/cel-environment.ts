import { Environment } from "@marcbachmann/cel-js";

/**
 * The one CEL environment rule expressions run in. Expressions are parsed and type-checked once
 * (compileExpression) and the parsed program is called per message; user text never reaches
 * eval or new Function (cel-js interprets its own AST).
 *
 * Variables:
 *   payload  map: the message's metrics/data (JSON numbers are CEL doubles)
 *   device   {id, fleet, model: string, attributes: map}
 *   meta     {topic, protocol, received_at, message_id: string}
 *   outlier  {any: bool, flagged: list<string>, scores: map<string, double>}
 */
export const CEL_VARIABLES = ["payload", "device", "meta", "outlier"] as const;

export interface CelBindings {
  payload: Record<string, unknown>;
  device: { id: string; fleet: string; model: string; attributes: Record<string, unknown> };
  meta: { topic: string; protocol: string; received_at: string; message_id: string };
  outlier: { any: boolean; flagged: string[]; scores: Record<string, number> };
}

function createRuleEnvironment(): Environment {
  const env = new Environment({
    unlistedVariablesAreDyn: false,
    limits: { maxAstNodes: 1000, maxDepth: 50, maxListElements: 200, maxMapEntries: 200, maxCallArguments: 16 },
  })
    .registerVariable({ name: "payload", type: "map", description: "The message's metrics and data." })
    .registerVariable({
      name: "device",
      schema: { id: "string", fleet: "string", model: "string", attributes: "map" },
    })
    .registerVariable({
      name: "meta",
      schema: { topic: "string", protocol: "string", received_at: "string", message_id: "string" },
    })
    .registerVariable({
      name: "outlier",
      schema: { any: "bool", flagged: "list<string>", scores: "map<string, double>" },
    });
  // Payload numbers arrive from JSON as doubles, so `payload.temperature * 9 / 5 + 32` would fail
  // in strict CEL (no double*int overload). Mixed arithmetic gives a double, as comparisons already
  // do across numeric types.
  const ops = {
    "+": (a: number, b: number) => a + b,
    "-": (a: number, b: number) => a - b,
    "*": (a: number, b: number) => a * b,
    "/": (a: number, b: number) => a / b,
  };
  for (const [op, fn] of Object.entries(ops)) {
    env.registerOperator(`double ${op} int`, (a: number, b: bigint) => fn(a, Number(b)));
    env.registerOperator(`int ${op} double`, (a: bigint, b: number) => fn(Number(a), b));
  }
  return env;
}

let shared: Environment | undefined;

export function getRuleEnvironment(): Environment {
  shared ??= createRuleEnvironment();
  return shared;
}
