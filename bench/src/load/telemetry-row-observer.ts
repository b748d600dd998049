import pg from "pg";
import { LatencyRecorder } from "../stats/latency-summary.ts";

/**
 * Watches the telemetry table for the rows of a few marker devices (ordinary load devices whose
 * rows are polled) and measures "first seen - recorded_at", where recorded_at is the envelope
 * timestamp, i.e. the device's publish time: device publish -> row committed and visible. The
 * poll interval adds up to `intervalMs` (half of it on average) to every sample.
 */
export async function observeTelemetryRows(databaseUrl: string, markers: string[], intervalMs = 50) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const seen = new Set<string>();
  const lastSeen = new Map<string, number>();
  let prefix = "\u0000";
  let recorder = new LatencyRecorder(100_000);
  let since = Date.now();
  let running = true;
  let polls = 0;
  let pollMs = 0;

  const poll = async () => {
    const now = Date.now();
    // Per device, rows land roughly in publish order; look back 2 s behind the newest seen row
    // (bridge sessions and batches may reorder a little), never more than 10 s.
    const bounds = markers.map((d) => Math.max(since, now - 10_000, (lastSeen.get(d) ?? 0) - 2_000));
    const started = performance.now();
    const result = await client.query<{ device_id: string; message_id: string; ts: number }>(
      `SELECT t.device_id, t.message_id, (extract(epoch FROM t.recorded_at) * 1000)::float8 AS ts
         FROM unnest($1::text[], $2::float8[]) AS m(device_id, bound)
         JOIN telemetry t ON t.device_id = m.device_id AND t.metric_name = 'temperature'
                         AND t.recorded_at > to_timestamp(m.bound / 1000.0)`,
      [markers, bounds],
    );
    pollMs += performance.now() - started;
    polls += 1;
    const at = Date.now();
    for (const row of result.rows) {
      if (!row.message_id.startsWith(prefix) || seen.has(row.message_id)) continue;
      seen.add(row.message_id);
      recorder.record(at - row.ts);
      if (row.ts > (lastSeen.get(row.device_id) ?? 0)) lastSeen.set(row.device_id, row.ts);
    }
  };

  const loop = (async () => {
    while (running) {
      const begin = Date.now();
      await poll().catch(() => {});
      await new Promise((resolve) => setTimeout(resolve, Math.max(1, intervalMs - (Date.now() - begin))));
    }
  })();

  return {
    reset(nextPrefix: string) {
      prefix = nextPrefix;
      recorder = new LatencyRecorder(100_000);
      seen.clear();
      lastSeen.clear();
      since = Date.now() - 1_000;
      polls = 0;
      pollMs = 0;
    },
    get rowsSeen() {
      return seen.size;
    },
    summary: () => recorder.summary(),
    meanPollMs: () => (polls > 0 ? pollMs / polls : Number.NaN),
    async stop() {
      running = false;
      await loop;
      await client.end();
    },
  };
}

/** Rows of a phase (one per message: the temperature metric) for a set of devices since a time. */
export async function countTelemetryRows(databaseUrl: string, devices: string[], sinceMs: number, prefix: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const result = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM telemetry
        WHERE device_id = ANY($1::text[]) AND metric_name = 'temperature'
          AND recorded_at >= to_timestamp($2 / 1000.0) AND message_id LIKE $3`,
      [devices, sinceMs, `${prefix}%`],
    );
    return Number(result.rows[0]?.n ?? 0);
  } finally {
    await client.end();
  }
}

/**
 * Empties the bench database's telemetry table, so that every run writes into an index of the same
 * size: earlier runs left millions of rows in one B-tree, and inserts slow down as it grows (on
 * TimescaleDB each time chunk has its own, small index). Only ever called on the bench's database.
 */
export async function clearBenchTelemetry(databaseUrl: string): Promise<void> {
  const database = new URL(databaseUrl).pathname.slice(1);
  if (!database.endsWith("_bench"))
    throw new Error(
      `the end-to-end suite empties the telemetry table, so it runs only on a database whose name ends in _bench (not ${database})`,
    );
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("TRUNCATE telemetry");
  } finally {
    await client.end();
  }
}
