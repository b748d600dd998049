import { z } from "zod";

/** A Kafka record as every sink receives it: raw bytes plus string headers (kafkajs decodes nothing). */
export interface SinkRecord {
  partition: number;
  /** Kafka offset, a decimal string as kafkajs gives it. */
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

/** A record the sink cannot use: it goes to the dead-letter topic with this reason, never silently. */
export class UnusableRecord extends Error {
  constructor(
    readonly reason: string,
    detail: string,
  ) {
    super(detail);
    this.name = "UnusableRecord";
  }
}

/** kafkajs's raw headers as strings: the last value of a repeated header; a header without a value is left out. */
export function decodeHeaders(
  headers: Record<string, Buffer | string | (Buffer | string)[] | undefined> | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers) return out;
  // Per record on the hot path: a plain loop, no entries arrays.
  for (const name in headers) {
    const raw = headers[name];
    const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
    if (value !== undefined) out[name] = value.toString();
  }
  return out;
}

export function parseJsonValue(record: SinkRecord): unknown {
  if (!record.value) throw new UnusableRecord("empty_value", "the record has no value");
  try {
    return JSON.parse(record.value.toString("utf8"));
  } catch (error) {
    throw new UnusableRecord("invalid_json", (error as Error).message);
  }
}

export function zodDetail(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join(".") || "value"}: ${issue.message}` : "invalid";
}
