import { ok, reject, type StepResult } from "./step-result.ts";

const decoder = new TextDecoder("utf-8", { fatal: true });

export function parseJsonPayload(payload: Buffer): StepResult<unknown> {
  let text: string;
  try {
    text = decoder.decode(payload);
  } catch {
    return reject("invalid_json", "the payload is not UTF-8");
  }
  try {
    return ok(JSON.parse(text));
  } catch (error) {
    return reject("invalid_json", (error as Error).message);
  }
}
