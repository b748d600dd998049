import type { DeviceDirectory, DeviceEntry } from "../directory/device-directory.ts";
import type { ModelSchemaCache } from "../directory/model-schema-cache.ts";
import { checkPayloadSize } from "./check-payload-size.ts";
import type { IngestLimits } from "./ingest-limits.ts";
import { parseJsonPayload } from "./parse-json-payload.ts";
import { ok, reject, type StepResult } from "./step-result.ts";
import { type ValidEnvelope, validateEnvelope } from "./validate-envelope.ts";
import { validateModelSchema } from "./validate-model-schema.ts";

export type IngestProtocol = "mqtt" | "http" | "coap";

/** Who sent a message and how; identity was established by the transport (broker ACL, mTLS, HMAC). */
export interface IngestContext {
  deviceId: string;
  /** The fleet named by the MQTT topic; checked against the registry. */
  fleetId?: string;
  protocol: IngestProtocol;
  receivedAt: Date;
}

export interface AcceptedTelemetry {
  context: IngestContext;
  device: DeviceEntry;
  envelope: ValidEnvelope;
}

export interface TelemetryValidator {
  directory: DeviceDirectory;
  schemas: ModelSchemaCache;
  limits: IngestLimits;
}

/** Size -> JSON -> envelope -> device -> model schema, for one raw payload (MQTT, CoAP). */
export async function validateTelemetryPayload(
  payload: Buffer,
  context: IngestContext,
  validator: TelemetryValidator,
): Promise<StepResult<AcceptedTelemetry>> {
  const size = checkPayloadSize(payload, validator.limits);
  if (!size.ok) return size;
  const json = parseJsonPayload(payload);
  if (!json.ok) return json;
  return validateTelemetryMessage(json.value, context, validator);
}

/** Envelope -> device -> model schema, for one already-parsed message (an HTTP batch item). */
export async function validateTelemetryMessage(
  value: unknown,
  context: IngestContext,
  validator: TelemetryValidator,
): Promise<StepResult<AcceptedTelemetry>> {
  const envelope = validateEnvelope(value, context.receivedAt, validator.limits);
  if (!envelope.ok) return { ...envelope, ...messageIdOf(value) };
  const messageId = envelope.value.message_id;
  const withId = (rejection: Extract<StepResult<unknown>, { ok: false }>) => ({ ...rejection, messageId });

  if (envelope.value.device_id !== undefined && envelope.value.device_id !== context.deviceId) {
    return withId(
      reject("device_mismatch", `device_id ${envelope.value.device_id} is not the sender ${context.deviceId}`),
    );
  }
  const device = await validator.directory.requireIngestable(context.deviceId, context.fleetId);
  if (!device.ok) return withId(device);
  const validate = await validator.schemas.validatorFor(device.value.modelId, device.value.modelSchemaVersion);
  if (!validate.ok) return withId(validate);
  const metrics = validateModelSchema(validate.value, envelope.value.metrics);
  if (!metrics.ok) return withId(metrics);
  return ok({ context, device: device.value, envelope: envelope.value });
}

function messageIdOf(value: unknown): { messageId?: string } {
  const id = (value as { message_id?: unknown } | null)?.message_id;
  return typeof id === "string" && id.length <= 128 ? { messageId: id } : {};
}
