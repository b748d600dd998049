import { type Admin, Kafka, logLevel } from "kafkajs";
import type { ControlPlaneEnv } from "../../env.ts";
import { procedure } from "../../trpc/init.ts";

/**
 * `metrics.overview`: one snapshot of what the console's Overview charts, gathered where it
 * lives: the ingest bridge's, rules worker's and writers' Prometheus /metrics, Kafka consumer-group
 * lag (kafkajs admin) and the organisation's connected devices. Counters are cumulative; the
 * console turns successive snapshots into rates. A source that does not answer is reported
 * in `sources`, never as a failed call, so the other charts keep working.
 */
type Sample = { name: string; labels: Record<string, string>; value: number };
type Source = { ok: boolean; detail: string };

function parsePrometheus(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!m?.[1] || !m[3] || line.startsWith("#")) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1] as string] = l[2] as string;
    samples.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return samples;
}

async function scrape(url: string): Promise<{ source: Source; samples: Sample[] }> {
  try {
    const response = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(2_000) });
    if (!response.ok) return { source: { ok: false, detail: `HTTP ${response.status}` }, samples: [] };
    return { source: { ok: true, detail: url }, samples: parsePrometheus(await response.text()) };
  } catch (error) {
    return { source: { ok: false, detail: `${url} did not answer (${(error as Error).message})` }, samples: [] };
  }
}

/** A counter's samples as rows: the chosen labels plus the value (e.g. `{ protocol: "mqtt", value: 3 }`). */
type Row = { value: number; [label: string]: string | number };
const pick = (samples: Sample[], name: string, ...keys: string[]): Row[] =>
  samples
    .filter((s) => s.name === name)
    .map((s) => ({ ...Object.fromEntries(keys.map((k) => [k, s.labels[k] ?? "unknown"])), value: s.value }));

/** A histogram's _sum and _count by one label: the mean over any interval is Δsum/Δcount. */
const sumCount = (samples: Sample[], name: string, label: string) => {
  const out = new Map<string, { sum: number; count: number }>();
  for (const s of samples) {
    const key = s.labels[label] ?? "all";
    const entry = out.get(key) ?? { sum: 0, count: 0 };
    if (s.name === `${name}_sum`) entry.sum = s.value;
    else if (s.name === `${name}_count`) entry.count = s.value;
    else continue;
    out.set(key, entry);
  }
  return [...out].map(([key, v]) => ({ key, ...v }));
};

let admin: Promise<Admin> | undefined;
function kafkaAdmin(env: ControlPlaneEnv): Promise<Admin> {
  if (!admin) {
    const kafka = new Kafka({
      clientId: "fleetwire-control-plane-metrics",
      brokers: env.kafka.brokers,
      logLevel: logLevel.NOTHING,
      connectionTimeout: 2_000,
      retry: { retries: 1 },
    });
    const a = kafka.admin();
    admin = a.connect().then(() => a);
    admin.catch(() => {
      admin = undefined;
    });
  }
  return admin;
}

/**
 * Messages each platform consumer group has yet to read, summed over the partitions it has
 * committed offsets for. A group that never commits (each rules worker's rules.updates reader,
 * which starts at the end on every start) has no lag to report and is left out: counted from
 * offset 0 it showed the whole topic as lag, and every restart added another such group.
 */
async function consumerLag(
  env: ControlPlaneEnv,
): Promise<{ source: Source; groups: { group: string; lag: number }[] }> {
  try {
    const a = await kafkaAdmin(env);
    const { groups } = await a.listGroups();
    const lags = await Promise.all(
      groups
        .filter((g) => g.groupId.startsWith("fleetwire"))
        .map(async ({ groupId }) => {
          let lag = 0;
          let committed = false;
          for (const { topic, partitions } of await a.fetchOffsets({ groupId })) {
            const ends = new Map((await a.fetchTopicOffsets(topic)).map((p) => [p.partition, Number(p.high)]));
            for (const p of partitions) {
              if (Number(p.offset) < 0) continue;
              committed = true;
              lag += Math.max(0, (ends.get(p.partition) ?? 0) - Number(p.offset));
            }
          }
          return committed ? { group: groupId, lag } : null;
        }),
    );
    const reported = lags.filter((g): g is { group: string; lag: number } => g !== null);
    return { source: { ok: true, detail: env.kafka.brokers.join(",") }, groups: reported };
  } catch (error) {
    admin = undefined;
    return { source: { ok: false, detail: `Kafka: ${(error as Error).message}` }, groups: [] };
  }
}

export const metricsOverviewRoute = procedure("platform:read").query(async ({ ctx }) => {
  const [bridge, rulesWorker, writers, kafka, connectedDevices] = await Promise.all([
    scrape(ctx.env.urls.ingestBridge),
    scrape(ctx.env.urls.rulesWorker),
    scrape(ctx.env.urls.writers),
    consumerLag(ctx.env),
    ctx.prisma.device.count({
      where: { online: true, status: { not: "revoked" }, fleet: { organisationId: ctx.caller.organisationId } },
    }),
  ]);
  const b = bridge.samples;
  const w = writers.samples;
  return {
    at: new Date().toISOString(),
    sources: {
      ingestBridge: bridge.source,
      rulesWorker: rulesWorker.source,
      writers: writers.source,
      kafka: kafka.source,
    },
    connectedDevices,
    ingest: {
      messagesIn: pick(b, "fleetwire_ingest_messages_in_total", "protocol"),
      accepted: pick(b, "fleetwire_ingest_messages_accepted_total", "protocol"),
      rejected: pick(b, "fleetwire_ingest_messages_rejected_total", "protocol", "reason"),
      kafkaWriteSeconds: sumCount(b, "fleetwire_ingest_kafka_write_seconds", "protocol").reduce(
        (total, s) => ({ sum: total.sum + s.sum, count: total.count + s.count }),
        { sum: 0, count: 0 },
      ),
    },
    writers: {
      flushSeconds: sumCount(w, "fleetwire_sink_flush_seconds", "role").map(({ key, ...v }) => ({ role: key, ...v })),
      written: pick(w, "fleetwire_sink_written_total", "role"),
      deadLetters: pick(w, "fleetwire_sink_dead_letters_total", "role", "reason"),
    },
    rules: { messages: pick(rulesWorker.samples, "fleetwire_rules_messages_total", "outcome") },
    consumerLag: kafka.groups,
  };
});
