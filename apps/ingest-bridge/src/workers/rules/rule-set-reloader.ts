import { randomBytes } from "node:crypto";
import { KAFKA_TOPICS } from "@fleetwire/config";
import type { Logger } from "@fleetwire/core";
import type { PrismaClient } from "@fleetwire/db";
import { compileRuleSet, type RuleSet, ZRuleUpdate } from "@fleetwire/rules";
import { loadEnabledRuleDefinitions, rulesFingerprint } from "@fleetwire/rules-store";
import type { Kafka } from "kafkajs";
import type { RulesWorkerMetrics } from "./rules-worker-metrics.ts";

export interface RuleSetReloader {
  /** The compiled rules in force; swapped atomically on reload. */
  current(): RuleSet;
  health(): { ok: boolean; detail: string; loadedAt: string | null; rules: number };
  stop(): Promise<void>;
}

/**
 * Keeps this process's compiled rules in step with PostgreSQL. Every rules.updates record
 * triggers a reload; every worker must see every update, so each process reads the topic with a
 * group of its own (no offsets committed, starting at the end) instead of sharing one. Rules are
 * loaded after that consumer joined, so no announcement falls between the load and the listen.
 * A poll of the rules table's fingerprint catches changes whose announcement was lost.
 */
export async function startRuleSetReloader(deps: {
  kafka: Kafka;
  prisma: PrismaClient;
  instance: string;
  pollMs: number;
  log: Logger;
  metrics: RulesWorkerMetrics;
}): Promise<RuleSetReloader> {
  const { prisma, log, metrics } = deps;
  let ruleSet: RuleSet = compileRuleSet([]);
  let loadedAt: Date | null = null;
  let fingerprint = "";
  let lastError: string | null = null;
  let running: Promise<void> | null = null;
  let again = false;

  const load = async (trigger: string) => {
    const [definitions, print] = await Promise.all([loadEnabledRuleDefinitions(prisma), rulesFingerprint(prisma)]);
    const next = compileRuleSet(definitions);
    ruleSet = next;
    fingerprint = print;
    loadedAt = new Date();
    lastError = null;
    metrics.reloads.inc({ trigger });
    metrics.rulesLoaded.set(next.rules.length);
    metrics.rulesInvalid.set(next.invalid.length);
    for (const bad of next.invalid) {
      log.warn({ ruleId: bad.ruleId, version: bad.version, errors: bad.errors }, "rule left out: it does not validate");
    }
    log.info({ trigger, rules: next.rules.length, invalid: next.invalid.length }, "rules loaded");
  };

  /** Coalesces bursts: one reload at a time, and one more if anything arrived meanwhile. */
  const reload = (trigger: string): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await load(trigger);
        } while (again);
      } catch (error) {
        lastError = (error as Error).message;
        log.error({ err: error }, "reloading rules failed; the previous rules stay in force");
      } finally {
        running = null;
      }
    })();
    return running;
  };

  const consumer = deps.kafka.consumer({
    groupId: `fleetwire-rules-reload-${deps.instance}-${randomBytes(4).toString("hex")}`,
    sessionTimeout: 10_000,
    heartbeatInterval: 1_000,
    maxWaitTimeInMs: 250,
    allowAutoTopicCreation: false,
  });
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  await consumer.connect();
  await consumer.subscribe({ topic: KAFKA_TOPICS.rulesUpdates.name, fromBeginning: false });
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ message }) => {
      const update = ZRuleUpdate.safeParse(JSON.parse(message.value?.toString() ?? "null"));
      log.info({ update: update.success ? update.data : null }, "rules.updates: reloading");
      await reload("announcement");
    },
  });
  await joined;
  await reload("start");
  if (!loadedAt) throw new Error(`loading the rules from PostgreSQL failed: ${lastError}`);

  const poll = setInterval(() => {
    if (running) return;
    rulesFingerprint(prisma).then(
      (print) => (print !== fingerprint ? reload("poll") : undefined),
      (error) => log.warn({ err: error }, "rules poll failed"),
    );
  }, deps.pollMs);
  poll.unref();

  return {
    current: () => ruleSet,
    health: () => ({
      ok: lastError === null,
      detail: lastError ?? `${ruleSet.rules.length} rules in force`,
      loadedAt: loadedAt?.toISOString() ?? null,
      rules: ruleSet.rules.length,
    }),
    async stop() {
      clearInterval(poll);
      await consumer.disconnect();
      await running;
    },
  };
}
