import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "@fleetwire/core";
import { getPrisma } from "@fleetwire/db";
import { createOutlierDetector, type TRuleMessage } from "@fleetwire/rules";
import { pushRecentMessages, RuleMetricsBuffer } from "@fleetwire/rules-store";
import { decodeHeaders } from "@fleetwire/sinks";
import { Redis } from "ioredis";
import { type Batch, Kafka, type KafkaMessage, logLevel, type Producer } from "kafkajs";
import type { RunningWorker } from "../worker-roles.ts";
import { DeviceFactsCache } from "./device-facts-cache.ts";
import { memoizedDefaultPartitioner } from "./memoized-partitioner.ts";
import { type InputRecord, type ProcessOutcome, processRecord } from "./process-record.ts";
import { startRuleSetReloader } from "./rule-set-reloader.ts";
import type { RulesWorkerEnv } from "./rules-worker-env.ts";
import { rulesWorkerMetrics } from "./rules-worker-metrics.ts";
import { TransactionGroup } from "./transaction-group.ts";

/** Records of one partition per commit; a fetched batch larger than this commits in several steps. */
const CHUNK = 500;
/**
 * Partitions processed at once (telemetry.raw has 12). Their chunks share transactions (see
 * TransactionGroup), so one slow round trip no longer holds up every other partition.
 */
const PARTITIONS_AT_ONCE = 12;
/** Recent messages waiting for Redis beyond this are dropped oldest first (only the last 50-200 per list are kept anyway). */
const RECENT_BACKLOG = 20_000;
const METRICS_FLUSH_MS = 1_000;

function toInput(message: KafkaMessage): InputRecord {
  return { key: message.key?.toString() ?? null, value: message.value, headers: decodeHeaders(message.headers) };
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
    createPartitioner: memoizedDefaultPartitioner,
    // A transaction started right after the previous one commits meets CONCURRENT_TRANSACTIONS
    // until the broker has written the commit markers (milliseconds). kafkajs's default first
    // retry waits 300 ms, which every back-to-back transaction paid; retry after 20 ms instead.
    // Retries stay unlimited, as kafkajs requires for an idempotent producer.
    retry: { initialRetryTime: 20, maxRetryTime: 5_000, retries: Number.MAX_SAFE_INTEGER },
  });
  await producer.connect();
  await warmUpTransactionCoordinator(producer, log);
  const transactions = new TransactionGroup(producer, settings.groupId, (seconds) =>
    metrics.transactionSeconds.observe(seconds),
  );

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

  // Recent messages go to Redis after their commit, off the commit path: one pipeline at a time
  // carries whatever gathered meanwhile, so a slow Redis delays the dry-run samples, not routing.
  let recentQueue: TRuleMessage[] = [];
  let recentPushing: Promise<void> | null = null;
  const drainRecent = async () => {
    while (recentQueue.length > 0) {
      const next = recentQueue;
      recentQueue = [];
      await pushRecentMessages(redis, next).catch((err) => log.warn({ err }, "recent messages not stored"));
    }
    recentPushing = null; // in the same tick as the empty check: nothing queued is left behind
  };
  const queueRecent = (messages: TRuleMessage[]) => {
    for (const m of messages) recentQueue.push(m);
    if (recentQueue.length > RECENT_BACKLOG) recentQueue = recentQueue.slice(-RECENT_BACKLOG);
    // Started only with something queued, so drainRecent awaits before it clears recentPushing.
    if (recentPushing === null && recentQueue.length > 0) recentPushing = drainRecent();
  };

  // Counters are added up per chunk and incremented once per label: prom-client's label lookup
  // per message and rule cost more than the counting itself.
  const afterCommit = (outcomes: ProcessOutcome[], at: Date) => {
    const recent: TRuleMessage[] = [];
    const byOutcome = new Map<string, number>();
    const byTopic = new Map<string, number>();
    const matchesByRule = new Map<string, number>();
    const errorsByRule = new Map<string, number>();
    const add = (counts: Map<string, number>, label: string) => counts.set(label, (counts.get(label) ?? 0) + 1);
    let outliers = 0;
    for (const outcome of outcomes) {
      add(
        byOutcome,
        outcome.kind !== "evaluated"
          ? outcome.kind
          : outcome.evaluation.dropped
            ? "dropped"
            : outcome.outputs.length > 0
              ? "routed"
              : "unrouted",
      );
      for (const o of outcome.outputs) add(byTopic, o.topic);
      if (outcome.kind === "invalid") continue;
      recent.push(outcome.message);
      if (outcome.message.outlier?.any) outliers++;
      if (outcome.kind !== "evaluated") continue;
      for (const rule of outcome.evaluation.rules) {
        const error = rule.errors[0] ? `${rule.errors[0].path}: ${rule.errors[0].message}` : undefined;
        ruleMetrics.record(rule.ruleId, { matched: rule.matched, error, at });
        if (rule.matched) add(matchesByRule, rule.ruleId);
        if (error) add(errorsByRule, rule.ruleId);
      }
    }
    for (const [outcome, n] of byOutcome) metrics.messages.inc({ outcome }, n);
    for (const [topic, n] of byTopic) metrics.outputs.inc({ topic }, n);
    if (outliers > 0) metrics.outliers.inc(outliers);
    for (const [ruleId, n] of matchesByRule) {
      metrics.ruleMatches.inc({ rule_id: ruleId }, n);
      metrics.ruleLastMatch.set({ rule_id: ruleId }, at.getTime() / 1000);
    }
    for (const [ruleId, n] of errorsByRule) metrics.ruleErrors.inc({ rule_id: ruleId }, n);
    queueRecent(recent);
  };

  const processChunk = async (batch: Batch, messages: KafkaMessage[]) => {
    const started = process.hrtime.bigint();
    const inputs = messages.map(toInput);
    const deviceIds: string[] = [];
    for (const input of inputs) if (input.key) deviceIds.push(input.key);
    await facts.load(deviceIds);
    const ruleSet = reloader.current();
    const outcomes = inputs.map((input) => processRecord(input, { ruleSet, detector, facts: (id) => facts.get(id) }));
    const last = messages.at(-1) as KafkaMessage;
    await transactions.commit({
      outputs: outcomes.flatMap((o) => o.outputs),
      topic: batch.topic,
      partition: batch.partition,
      nextOffset: String(BigInt(last.offset) + 1n),
    });
    const at = new Date();
    lastCommitAt = at;
    metrics.batchSeconds.observe(Number(process.hrtime.bigint() - started) / 1e9);
    afterCommit(outcomes, at);
  };

  await consumer.connect();
  await consumer.subscribe({ topic: settings.topic, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: PARTITIONS_AT_ONCE, // one transaction at a time all the same: TransactionGroup
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
      await recentPushing;
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
