import { KAFKA_TOPICS } from "@fleetwire/config";
import { type TDeadLetterRecord, type TTelemetryRecord, ZTelemetryRecord } from "@fleetwire/ingest";
import {
  detectPayloadOutliers,
  type EvaluationResult,
  evaluate,
  type OutlierDetector,
  type OutlierObservation,
  ROUTE_HEADERS,
  type RuleSet,
  type TAlertRecord,
  type TOutlierFlags,
  type TRuleMessage,
} from "@fleetwire/rules";
import type { DeviceFacts } from "./device-facts-cache.ts";

/** A telemetry.raw record with its headers decoded to strings. */
export interface InputRecord {
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

/** A record for the transactional producer. */
export interface OutputRecord {
  topic: string;
  key: string;
  value: Buffer | string;
  headers: Record<string, string>;
}

export type ProcessOutcome =
  /** Not a telemetry record at all (the bridge wrote it, so rare): dead-lettered. */
  | { kind: "invalid"; outputs: OutputRecord[] }
  /** Flagged as an outlier on a model whose policy is quarantine: dead-lettered, not routed. */
  | { kind: "quarantined"; outputs: OutputRecord[]; message: TRuleMessage }
  | { kind: "evaluated"; outputs: OutputRecord[]; message: TRuleMessage; evaluation: EvaluationResult };

export interface ProcessDeps {
  ruleSet: RuleSet;
  detector: OutlierDetector;
  facts(deviceId: string): DeviceFacts;
}

const ALERTS_TOPIC = KAFKA_TOPICS.routeAlerts.name;

function deadLetter(
  input: InputRecord,
  reason: string,
  detail: string,
  value: Partial<TTelemetryRecord>,
  extraHeaders: Record<string, string> = {},
): OutputRecord {
  const payload = input.value ?? Buffer.alloc(0);
  const deviceId = value.device_id ?? input.key ?? "";
  const record: TDeadLetterRecord = {
    reason,
    detail,
    device_id: deviceId,
    fleet_id: value.fleet_id ?? input.headers.fleet ?? null,
    message_id: value.message_id ?? input.headers["message-id"] ?? null,
    protocol: (value.protocol ?? input.headers.protocol ?? "mqtt") as TDeadLetterRecord["protocol"],
    received_at: value.received_at ?? input.headers["received-at"] ?? new Date().toISOString(),
    payload_bytes: payload.length,
    payload_truncated: false,
    payload_base64: payload.toString("base64"),
  };
  return {
    topic: KAFKA_TOPICS.telemetryDlq.name,
    key: deviceId,
    value: JSON.stringify(record),
    headers: { ...input.headers, reason, device: deviceId, ...extraHeaders },
  };
}

function outlierDetail(
  flags: TOutlierFlags,
  observations: Record<string, OutlierObservation>,
  metrics: Record<string, unknown>,
) {
  return flags.flagged
    .map((metric) => {
      const o = observations[metric];
      const median = o?.baseline?.median;
      return `${metric}=${String(lookup(metrics, metric))} is ${o?.score.toFixed(1)} robust deviations from the baseline median ${median?.toPrecision(4)}`;
    })
    .join("; ");
}

function lookup(payload: Record<string, unknown>, dotted: string): unknown {
  let v: unknown = payload;
  for (const part of dotted.split("."))
    v = v && typeof v === "object" ? (v as Record<string, unknown>)[part] : undefined;
  return v;
}

/**
 * One telemetry.raw record through the rules: outlier baseline (per device and metric), then the
 * fleet's compiled rules. Returns the records to write (route copies, alert records, dead
 * letters) for the caller to send in one transaction with the input offsets.
 */
export function processRecord(input: InputRecord, deps: ProcessDeps): ProcessOutcome {
  let value: TTelemetryRecord;
  try {
    const parsed = ZTelemetryRecord.safeParse(JSON.parse(input.value?.toString("utf8") ?? ""));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return {
        kind: "invalid",
        outputs: [deadLetter(input, "invalid_record", `${issue?.path.join(".")}: ${issue?.message}`, {})],
      };
    }
    value = parsed.data;
  } catch (error) {
    return { kind: "invalid", outputs: [deadLetter(input, "invalid_record", (error as Error).message, {})] };
  }

  const facts = deps.facts(value.device_id);
  const { flags, observations } = detectPayloadOutliers(deps.detector, value.device_id, value.metrics);
  const message: TRuleMessage = {
    messageId: value.message_id,
    deviceId: value.device_id,
    fleetId: value.fleet_id,
    model: facts.modelName,
    topic: "telemetry",
    protocol: value.protocol,
    receivedAt: value.received_at,
    payload: value.metrics,
    attributes: facts.attributes,
    outlier: flags,
  };
  const outlierHeaders: Record<string, string> = { [ROUTE_HEADERS.outlier]: String(flags.any) };
  if (flags.any) outlierHeaders[ROUTE_HEADERS.outlierMetrics] = flags.flagged.join(",");

  if (flags.any && facts.outlierPolicy === "quarantine") {
    const detail = outlierDetail(flags, observations, value.metrics);
    return { kind: "quarantined", message, outputs: [deadLetter(input, "outlier", detail, value, outlierHeaders)] };
  }

  const evaluation = evaluate(deps.ruleSet, message);
  const matched: string[] = [];
  for (const rule of evaluation.rules) if (rule.matched) matched.push(rule.ruleId);
  // Same keys in the same order as spreading input headers, rule ids, outlier headers, enriched;
  // assigned one by one because this runs per record and the spreads' temporary objects add up.
  const headers: Record<string, string> = {};
  for (const name in input.headers) headers[name] = input.headers[name] as string;
  headers[ROUTE_HEADERS.ruleIds] = matched.join(",");
  for (const name in outlierHeaders) headers[name] = outlierHeaders[name] as string;
  if (evaluation.enriched) headers[ROUTE_HEADERS.enriched] = "true";
  const copy: Buffer | string =
    evaluation.enriched || !input.value ? JSON.stringify({ ...value, metrics: evaluation.payload }) : input.value;

  const outputs: OutputRecord[] = [];
  for (const route of evaluation.routes) {
    // route.alerts carries alert records only (see route-records.schema.ts).
    if (route.topic === ALERTS_TOPIC) continue;
    outputs.push({ topic: route.topic, key: value.device_id, value: copy, headers });
  }
  for (const alert of evaluation.alerts) {
    const record: TAlertRecord = {
      dedupKey: alert.dedupKey,
      ruleId: alert.ruleId,
      ruleVersion: alert.ruleVersion,
      ruleName: alert.ruleName,
      name: alert.name,
      deviceId: value.device_id,
      fleetId: value.fleet_id,
      severity: alert.severity,
      message: alert.message,
      messageId: value.message_id,
      at: value.timestamp,
      payload: evaluation.payload,
    };
    outputs.push({
      topic: ALERTS_TOPIC,
      key: value.device_id,
      value: JSON.stringify(record),
      headers: { ...headers, [ROUTE_HEADERS.ruleIds]: alert.ruleId },
    });
  }
  return { kind: "evaluated", outputs, message, evaluation };
}
