/** What a load worker is told and what it reports back (structured-clone safe). */
export interface LoadClient {
  /** Client id, and for devices the device id. */
  id: string;
  topic: string;
  /** Mutual TLS (devices) or username/password (the services listener, for the baseline). */
  tls?: { certPem: string; keyPem: string; caPem: string };
  username?: string;
  password?: string;
}

export interface PublishLoadSpec {
  url: string;
  clients: LoadClient[];
  /** "closed": every client keeps `window` messages in flight (finds the maximum). "open": a fixed rate. */
  mode: "closed" | "open";
  window: number;
  /** Messages per second for this worker (open mode). */
  rate: number;
  /** Open mode: a client with this many unacknowledged messages skips its turn (counted as shed). */
  maxInFlightPerClient: number;
  durationMs: number;
  /** Hard bound on messages this worker publishes. */
  maxMessages: number;
  /** Only acknowledgements after this long are measured (connections and caches warm up first). */
  warmupMs: number;
  /** Prefix that makes message ids unique to the run. */
  runId: string;
  /** Payload shape: a Fleetwire telemetry envelope, or the baseline's bare timestamp. */
  payload: "envelope" | "timestamp";
}

export interface PublishLoadReport {
  published: number;
  acknowledged: number;
  /** PUBACKs with a reason code >= 0x80, by code. */
  refused: Record<string, number>;
  errors: number;
  shed: number;
  /** Acknowledgements counted in the measured window and its length. */
  measuredAcks: number;
  measuredMs: number;
  /** publish -> PUBACK, ms, for acknowledgements in the measured window (a bounded sample). */
  ackLatencies: Float64Array;
  connectMs: number;
  /** This worker thread's CPU from the start signal to the last acknowledgement (connecting left out). */
  cpuSeconds: number;
}
