/** What every ingest path enforces; the bridge builds this from its env.ts. */
export interface IngestLimits {
  /** Largest accepted payload (an HTTP body counts as one payload). */
  maxPayloadBytes: number;
  /** How far a message's timestamp may lie in the future (device clocks drift). */
  maxFutureSkewMs: number;
  /** How old a message's timestamp may be (devices buffer while offline). */
  maxAgeMs: number;
}

export const DEFAULT_INGEST_LIMITS: IngestLimits = {
  maxPayloadBytes: 256 * 1024,
  maxFutureSkewMs: 5 * 60_000,
  maxAgeMs: 7 * 24 * 3_600_000,
};
