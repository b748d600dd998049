import { z } from "zod";
import { UNITS } from "./units.ts";

/**
 * The rule DSL: `{"if": {...matchers, "when": CEL}, "then": [actions]}`. Client-safe (zod only):
 * the control plane validates with it and the console's Monaco editor gets the same shape as
 * JSON Schema (`ruleDocumentJsonSchema`). Semantic checks that JSON Schema cannot express (CEL,
 * templates, unit dimensions) live in `validateRuleDocument`.
 */

/** Built-in downstream targets; each maps to a `route.<target>` Kafka topic. */
export const BUILT_IN_ROUTE_TARGETS = ["timeseries", "stream", "alerts", "archive"] as const;
export type BuiltInRouteTarget = (typeof BUILT_IN_ROUTE_TARGETS)[number];
/** Older spellings still accepted (issue 5 writes `timeseries_ingest`). */
export const ROUTE_TARGET_ALIASES = { timeseries_ingest: "timeseries" } as const satisfies Record<
  string,
  BuiltInRouteTarget
>;
/** Operator-defined topics: `ext.` + a Kafka-safe name; the Kafka topic has the same name. */
export const OPERATOR_TOPIC_PATTERN = /^ext\.[a-z0-9][a-z0-9_-]{0,63}$/;
export const ALERT_SEVERITIES = ["info", "warning", "critical"] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];
/** A payload field, possibly nested (`env.temperature`). */
export const FIELD_PATH_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,63}(\.[A-Za-z_][A-Za-z0-9_]{0,63}){0,7}$/;
export const MAX_EXPRESSION_LENGTH = 2000;
export const MAX_ACTIONS = 32;

const ZName = z.string().min(1).max(200);
const ZMatcher = z.union([ZName, z.array(ZName).min(1).max(200)], {
  error: "must be a string or a non-empty list of strings (any of them matches)",
});
export const ZCelExpression = z
  .string()
  .min(1, "the expression is empty")
  .max(MAX_EXPRESSION_LENGTH)
  .meta({ description: "A CEL expression over payload, device, meta and outlier; must give a bool." });
const ZFieldPath = z
  .string()
  .regex(FIELD_PATH_PATTERN, "must be a field name or dotted path like env.temperature")
  .meta({ description: "Payload field, e.g. temperature or env.temperature" });

export const ZRuleCondition = z
  .strictObject({
    device_type: ZMatcher.optional().meta({ description: "Device model name (same as model)." }),
    model: ZMatcher.optional().meta({ description: "Device model name." }),
    fleet: ZMatcher.optional().meta({ description: "Fleet id." }),
    topic: ZMatcher.optional().meta({ description: "Message topic kind, e.g. telemetry or shadow/reported." }),
    device_id: ZMatcher.optional().meta({ description: "Device id." }),
    when: ZCelExpression.optional(),
  })
  .meta({ description: "All given matchers must hold; a list matches any of its values." });

export const ROUTE_TARGET_MESSAGE = `must be one of ${BUILT_IN_ROUTE_TARGETS.join(", ")} or an operator topic ext.<name> (a-z, 0-9, _ and -, up to 64 characters)`;
export const ZRouteTarget = z.union(
  [
    z.enum([...BUILT_IN_ROUTE_TARGETS, ...(Object.keys(ROUTE_TARGET_ALIASES) as ["timeseries_ingest"])]),
    z.string().regex(OPERATOR_TOPIC_PATTERN),
  ],
  { error: ROUTE_TARGET_MESSAGE },
);

export const ZRouteAction = z
  .strictObject({ route_to: ZRouteTarget })
  .meta({ description: "Send a copy of the message to a downstream topic." });

export const ZAlertAction = z
  .strictObject({
    alert_if: ZCelExpression,
    severity: z.enum(ALERT_SEVERITIES).optional().meta({ description: "Default warning." }),
    message: z
      .string()
      .max(500)
      .optional()
      .meta({ description: "Template; placeholders like {{device_id}} or {{payload.temperature}}." }),
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, "must be a-z, 0-9, _ or -, up to 64 characters")
      .optional()
      .meta({ description: "Identifies the alert for de-duplication; default alert-<action index>." }),
  })
  .meta({ description: "Raise an alert when the CEL condition is true." });

export const ZDropAction = z
  .strictObject({
    drop: z.union([z.literal(true), z.string().min(1).max(200)], { error: "must be true or a reason" }),
  })
  .meta({ description: "Stop here: no later action or rule applies to the message." });

export const ZUnit = z.enum(UNITS);
export const ZUnitConversion = z.strictObject({
  field: ZFieldPath,
  from: ZUnit,
  to: ZUnit,
  as: ZFieldPath.optional().meta({ description: "Target field; default: replace the field." }),
  round: z.number().int().min(0).max(10).optional().meta({ description: "Decimals to keep." }),
});
export const ZEnrichAction = z
  .strictObject({
    enrich: z.strictObject({
      add: z
        .record(
          z.string().regex(FIELD_PATH_PATTERN, "must be a field name or dotted path"),
          z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]),
        )
        .optional()
        .meta({ description: "Fields to set on the payload." }),
      convert: z.array(ZUnitConversion).min(1).max(32).optional(),
    }),
  })
  .meta({ description: "Add fields or convert units; later actions and rules see the result." });

export const ACTION_KINDS = {
  route_to: ZRouteAction,
  alert_if: ZAlertAction,
  drop: ZDropAction,
  enrich: ZEnrichAction,
};
export type ActionKey = keyof typeof ACTION_KINDS;

export const ZRuleAction = z.union([ZRouteAction, ZAlertAction, ZDropAction, ZEnrichAction], {
  error: "an action is one of {route_to}, {alert_if, severity, message}, {drop} or {enrich}",
});

export const ZRuleDocument = z
  .strictObject({
    description: z.string().max(2000).optional(),
    if: ZRuleCondition.optional().meta({ description: "When the rule applies; omitted: every message." }),
    then: z.array(ZRuleAction).min(1, "a rule needs at least one action").max(MAX_ACTIONS),
  })
  .meta({ title: "Fleetwire rule", description: "Conditions and actions applied to every message of the fleet." });

export type TRuleDocument = z.infer<typeof ZRuleDocument>;
export type TRuleCondition = z.infer<typeof ZRuleCondition>;
export type TRuleAction = z.infer<typeof ZRuleAction>;
export type TRouteTarget = z.infer<typeof ZRouteTarget>;
export type TUnitConversion = z.infer<typeof ZUnitConversion>;

/** For Monaco's JSON language: `{ uri: RULE_DOCUMENT_SCHEMA_URI, schema: ruleDocumentJsonSchema }`. */
export const RULE_DOCUMENT_SCHEMA_URI = "https://fleetwire.dev/schemas/rule-document.json";
export const ruleDocumentJsonSchema: Record<string, unknown> = {
  ...z.toJSONSchema(ZRuleDocument, { target: "draft-7", io: "input" }),
  $id: RULE_DOCUMENT_SCHEMA_URI,
};
