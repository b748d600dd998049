import type { IngestLimits } from "./ingest-limits.ts";
import { ok, reject, type StepResult } from "./step-result.ts";

export function checkPayloadSize(payload: Buffer, limits: Pick<IngestLimits, "maxPayloadBytes">): StepResult<Buffer> {
  return payload.length > limits.maxPayloadBytes
    ? reject("payload_too_large", `${payload.length} bytes; the limit is ${limits.maxPayloadBytes}`)
    : ok(payload);
}
