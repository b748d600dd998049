import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "@fleetwire/core";
import { getPrisma } from "@fleetwire/db";
import { createOutlierDetector, type TRuleMessage } from "@fleetwire/rules";
import { pushRecentMessages, RuleMetricsBuffer } from "@fleetwire/rules-store";
import { Redis } from "ioredis";
import { type Batch, Kafka, type KafkaMessage, logLevel, type Producer } from "kafkajs";
import type { RunningWorker } from "../worker-roles.ts";
import { DeviceFactsCache } from "./device-facts-cache.ts";
import { type InputRecord, type OutputRecord, type ProcessOutcome, processRecord } from "./process-record.ts";
import { startRuleSetReloader } from "./rule-set-reloader.ts";
import type { RulesWorkerEnv } from "./rules-worker-env.ts";
import { rulesWorkerMetrics } from "./rules-worker-metrics.ts";

/** Records per transaction; a fetched batch larger than this commits in several steps. */
const CHUNK = 500;
const METRICS_FLUSH_MS = 1_000;

function decodeHeaders(headers: KafkaMessage["headers"]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, raw] of Object.entries(headers ?? {})) {
    const value = Array.isArray(raw) ? raw.at(-1) : raw;
    if (value !== undefined) out[name] = value.toString();
  }
  return out;
}

function toInput(message: KafkaMessage): InputRecord {
  return { key: message.key?.toString() ?? null, value: message.value, headers: decodeHeaders(message.headers) };
}

function groupByTopic(outputs: OutputRecord[]) {
  const byTopic = new Map<string, OutputRecord[]>();
  for (const o of outputs) {
    const list = byTopic.get(o.topic);
    if (list) list.push(o);
    else byTopic.set(o.topic, [o]);
  }
  return [...byTopic].map(([topic, records]) => ({
    topic,
    messages: records.map((r) => ({ key: r.key, value: r.value, headers: r.headers })),
  }));
}

/**
 * The rules worker: consumes telemetry.raw in the `fleetwire-rules` group (scale by adding
 * processes, up to the partition count), runs each record through the outlier baseline and the
 * compiled rules, and writes route copies, alert records and dead letters together with the
 * input offsets in one Kafka transaction (read-process-write exactly once: downstream consumers
 * read committed). Per-rule counts go to Prometheus and, after each commit, to Redis.
 */
export async function startRulesWorker(env: RulesWorkerEnv, log: Logger): Promise<RunningWorker> {
  const settings = env.rules;
  const metrics = rulesWorkerMetrics();
  const prisma = getPrisma(env.databaseUrl);
  const redis = new Redis(env.redisUrl, { maxRetriesPerRequest: 2 });
  redis.on("error", (err) => log.warn({ err }, "redis"));
  const kafka = new Kafka({
    clientId: `fleetwire-rules-${settings.instance}`,
    brokers: env.kafka.brokers,
    logLevel: logLevel.NOTHING,
  });
  const detector = createOutlierDetector(settings.outliers);
  const facts = new DeviceFactsCache(prisma);
  const ruleMetrics = new RuleMetricsBuffer();

  const reloader = await startRuleSetReloader({
    kafka,
    prisma,
    instance: settings.instance,
    pollMs: settings.pollMs,
    log,
    metrics,
  });

  const producer = kafka.producer({
    transactionalId: `fleetwire-rules-${settings.instance}`,
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
  });
  await producer.connect();
  await warmUpTransactionCoordinator(producer, log);

  const consumer = kafka.consumer({
    groupId: settings.groupId,
    // A crash kafkajs deems non-retriable (e.g. a coordinator moving) restarts the consumer from
    // its committed offsets instead of leaving the worker idle; nothing is lost or doubled.
    retry: { restartOnFailure: async () => true },
    maxWaitTimeInMs: 100,
    sessionTimeout: 30_000,
    heartbeatInterval: 3_000,
    allowAutoTopicCreation: false,
  });
  let consuming = false;
  let crashed: string | null = null;
  let lastCommitAt: Date | null = null;
  consumer.on(consumer.events.GROUP_JOIN, () => {
    consuming = true;
    crashed = null;
  });
  consumer.on(consumer.events.CRASH, (event) => {
    crashed = event.payload.error.message;
    consuming = !event.payload.restart ? false : consuming;
    log.error({ err: event.payload.error, restart: event.payload.restart }, "rules consumer crashed");
  });

  const afterCommit = async (outcomes: ProcessOutcome[], at: Date) => {
    const recent: TRuleMessage[] = [];
    for (const outcome of outcomes) {
      metrics.messages.inc({
        outcome:
          outcome.kind !== "evaluated"
            ? outcome.kind
            : outcome.evaluation.dropped
              ? "dropped"
              : outcome.outputs.length > 0
                ? "routed"
                : "unrouted",
      });
      for (const o of outcome.outputs) metrics.outputs.inc({ topic: o.topic });
      if (outcome.kind === "invalid") continue;
      recent.push(outcome.message);
      if (outcome.message.outlier?.any) metrics.outliers.inc();
      if (outcome.kind !== "evaluated") continue;
      for (const rule of outcome.evaluation.rules) {
        const error = rule.errors[0] ? `${rule.errors[0].path}: ${rule.errors[0].message}` : undefined;
        ruleMetrics.record(rule.ruleId, { matched: rule.matched, error, at });
        if (rule.matched) {
          metrics.ruleMatches.inc({ rule_id: rule.ruleId });
          metrics.ruleLastMatch.set({ rule_id: rule.ruleId }, at.getTime() / 1000);
        }
        if (error) metrics.ruleErrors.inc({ rule_id: rule.ruleId });
      }
    }
    await pushRecentMessages(redis, recent).catch((err) => log.warn({ err }, "recent messages not stored"));
  };

  const processChunk = async (batch: Batch, messages: KafkaMessage[]) => {
    const started = process.hrtime.bigint();
    const inputs = messages.map(toInput);
    await facts.load(inputs.flatMap((i) => (i.key ? [i.key] : [])));
    const ruleSet = reloader.current();
    const outcomes = inputs.map((input) => processRecord(input, { ruleSet, detector, facts: (id) => facts.get(id) }));
    const outputs = outcomes.flatMap((o) => o.outputs);
    const last = messages.at(-1) as KafkaMessage;
    const transaction = await producer.transaction();
    try {
      if (outputs.length > 0) await transaction.sendBatch({ topicMessages: groupByTopic(outputs), acks: -1 });
      await transaction.sendOffsets({
        consumerGroupId: settings.groupId,
        topics: [
          {
            topic: batch.topic,
            partitions: [{ partition: batch.partition, offset: String(BigInt(last.offset) + 1n) }],
          },
        ],
      });
      await transaction.commit();
    } catch (error) {
      await transaction.abort().catch(() => {});
      throw error;
    }
    const at = new Date();
    lastCommitAt = at;
    metrics.batchSeconds.observe(Number(process.hrtime.bigint() - started) / 1e9);
    await afterCommit(outcomes, at);
  };

  await consumer.connect();
  await consumer.subscribe({ topic: settings.topic, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: 1, // one transactional producer: one transaction at a time
    eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
      for (let i = 0; i < batch.messages.length; i += CHUNK) {
        if (!isRunning() || isStale()) return;
        const chunk = batch.messages.slice(i, i + CHUNK);
        await processChunk(batch, chunk);
        resolveOffset((chunk.at(-1) as KafkaMessage).offset);
        await heartbeat();
      }
    },
  });

  const flush = setInterval(() => {
    ruleMetrics.flush(redis).catch((err) => log.warn({ err }, "rule metrics not flushed"));
  }, METRICS_FLUSH_MS);
  flush.unref();
  log.info({ topic: settings.topic, group: settings.groupId, instance: settings.instance }, "rules worker consuming");

  return {
    health() {
      const rules = reloader.health();
      const ok = consuming && crashed === null && rules.ok;
      return {
        ok,
        detail: !rules.ok
          ? rules.detail
          : crashed
            ? `consumer crashed: ${crashed}`
            : consuming
              ? rules.detail
              : "joining",
        rulesLoadedAt: rules.loadedAt,
        lastCommitAt: lastCommitAt?.toISOString() ?? null,
      };
    },
    async stop() {
      await consumer.disconnect(); // waits for the batch in flight
      clearInterval(flush);
      await ruleMetrics.flush(redis).catch(() => {});
      await Promise.allSettled([producer.disconnect(), reloader.stop()]);
      redis.disconnect();
    },
  };
}

/**
 * On a broker that has just started, the transaction coordinator may not be loaded yet and
 * InitProducerId answers NOT_COORDINATOR, which kafkajs does not retry. Open and abort an empty
 * transaction until it works (bounded), so the first real batch does not crash the consumer.
 */
async function warmUpTransactionCoordinator(producer: Producer, log: Logger, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const transaction = await producer.transaction();
      await transaction.abort();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      log.warn({ err: error }, "transaction coordinator not ready yet; retrying");
      await sleep(500);
    }
  }
}
