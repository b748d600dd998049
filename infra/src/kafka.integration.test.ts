import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { KAFKA_TOPICS, loadPlatformConfig, type PlatformConfig } from "@fleetwire/config";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "./free-port.ts";
import { ensureKafkaInstalled, ensureTopics, kafkaHealth, startKafka } from "./kafka.ts";
import type { ManagedProcess } from "./managed-process.ts";

// Checked from the outside with Debian's kcat (librdkafka), not with the client the code uses.
function kcat(args: string[], input?: string): string {
  const result = spawnSync("kcat", args, { input, encoding: "utf8", timeout: 30_000 });
  if (result.status !== 0) throw new Error(`kcat ${args.join(" ")}: ${result.stderr || result.error?.message}`);
  return result.stdout;
}

function ensureKcat() {
  if (spawnSync("kcat", ["-V"]).status === 0) return;
  if (spawnSync("apt-get", ["install", "-y", "kcat"], { stdio: "ignore" }).status === 0) return;
  spawnSync("apt-get", ["update"], { stdio: "ignore" });
  const install = spawnSync("apt-get", ["install", "-y", "kcat"], { encoding: "utf8" });
  if (install.status !== 0) throw new Error(`kcat is missing and apt-get could not install it: ${install.stderr}`);
}

function produce(config: PlatformConfig, topic: string, key: string, value: string) {
  kcat(["-b", config.kafka.brokers.join(","), "-t", topic, "-P", "-k", key], `${value}\n`);
}

/**
 * The topic's records as "key\tvalue" lines: from the beginning of each partition, or from a time
 * (ms) on. The shared broker's topics fill up during the suite, so reading them whole is only for
 * a broker of the test's own.
 */
function consume(config: PlatformConfig, topic: string, fromMs?: number): string[] {
  const out = kcat([
    "-b",
    config.kafka.brokers.join(","),
    "-t",
    topic,
    "-C",
    "-o",
    fromMs === undefined ? "beginning" : `s@${fromMs}`,
    "-e",
    "-q",
    "-f",
    "%k\t%s\n",
  ]);
  return out.split("\n").filter(Boolean);
}

function partitionCounts(config: PlatformConfig): Map<string, number> {
  const metadata = JSON.parse(kcat(["-b", config.kafka.brokers.join(","), "-L", "-J"])) as {
    topics: { topic: string; partitions: unknown[] }[];
  };
  return new Map(metadata.topics.map((t) => [t.topic, t.partitions.length]));
}

const config = loadPlatformConfig();
const log = { info: () => {} };

describe("the test profile's Kafka broker", () => {
  let started: ManagedProcess | undefined;

  beforeAll(async () => {
    ensureKcat();
    // `pnpm test` may already run the broker; start it only when nothing answers on the port.
    if (!(await kafkaHealth(config)).ok) {
      await ensureKafkaInstalled(config, log);
      started = await startKafka(config);
    }
    await ensureTopics(config);
  });

  afterAll(async () => {
    await started?.stop();
  });

  it("has every platform topic with its declared partition count", () => {
    const counts = partitionCounts(config);
    for (const topic of Object.values(KAFKA_TOPICS)) expect(counts.get(topic.name), topic.name).toBe(topic.partitions);
  });

  it("takes a record from kcat on telemetry.raw and gives it back", () => {
    const since = Date.now() - 1_000;
    const key = `device-${Date.now()}`;
    const value = JSON.stringify({ metric: "temperature", value: 21.5, key });
    produce(config, KAFKA_TOPICS.telemetryRaw.name, key, value);
    expect(consume(config, KAFKA_TOPICS.telemetryRaw.name, since)).toContain(`${key}\t${value}`);
  });

  it("reports healthy, and ensuring topics again changes nothing", async () => {
    expect(await kafkaHealth(config)).toMatchObject({ ok: true });
    expect(await ensureTopics(config)).toEqual({ created: [], grown: [], larger: [] });
  });
});

describe("a broker restarted on the same state", () => {
  it("formats once, stops within 20 s, and keeps its records across the restart", { timeout: 180_000 }, async () => {
    ensureKcat();
    // Its own state folder and ports, so stopping it never disturbs the shared test broker.
    const stateDir = path.join(config.stateDir, "kafka-restart-test");
    rmSync(stateDir, { recursive: true, force: true });
    const own = loadPlatformConfig({
      FLEETWIRE_PROFILE: "test",
      FLEETWIRE_STATE_DIR: stateDir,
      FLEETWIRE_KAFKA_PORT: String(await freePort()),
      FLEETWIRE_KAFKA_CONTROLLER_PORT: String(await freePort()),
      FLEETWIRE_KAFKA_HEAP: "384m",
    });

    // A random cluster id starts with "-" one time in 64; the storage tool once took that for an option.
    const clusterId = "-A8eLTxLWml4h5altMPS4Q";
    let broker = await startKafka(own, { clusterId });
    try {
      expect((await ensureTopics(own)).created).toHaveLength(Object.keys(KAFKA_TOPICS).length);
      const clusterBefore = (await kafkaHealth(own)).detail;
      expect(clusterBefore).toContain(clusterId);
      produce(own, KAFKA_TOPICS.telemetryRaw.name, "device-restart", "kept across a restart");

      const stopping = Date.now();
      await broker.stop();
      expect(Date.now() - stopping).toBeLessThan(20_000);
      expect((await kafkaHealth(own)).ok).toBe(false);

      broker = await startKafka(own);
      expect((await kafkaHealth(own)).detail).toBe(clusterBefore);
      expect(await ensureTopics(own)).toEqual({ created: [], grown: [], larger: [] });
      expect(consume(own, KAFKA_TOPICS.telemetryRaw.name)).toEqual(["device-restart\tkept across a restart"]);
    } finally {
      await broker.stop();
    }
  });
});
