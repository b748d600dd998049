import { setTimeout as sleep } from "node:timers/promises";
import { KAFKA_TOPICS, type PlatformConfig } from "@fleetwire/config";
import { Kafka, logLevel } from "kafkajs";

/** The pipeline's consumer groups and the topic each reads (defaults of the workers' env). */
const GROUPS = [
  { groupId: "fleetwire-rules", topic: KAFKA_TOPICS.telemetryRaw.name },
  { groupId: "fleetwire-timeseries", topic: KAFKA_TOPICS.routeTimeseries.name },
];

export interface IdleReport {
  idle: boolean;
  waitedSeconds: number;
  /** Records still behind in each group when the wait ended. */
  lag: Record<string, number>;
}

/**
 * Waits (bounded) until nothing is in flight: telemetry.raw stops growing (the bridge has drained
 * its broker sessions) and the rules worker and time-series writer have caught up. Each phase
 * starts from an idle pipeline, so a previous phase's backlog is not measured twice.
 */
export async function waitForPipelineIdle(config: PlatformConfig, maxSeconds = 180): Promise<IdleReport> {
  const kafka = new Kafka({
    clientId: "fleetwire-bench-idle",
    brokers: config.kafka.brokers,
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  const begin = Date.now();
  try {
    let previousHigh = -1;
    let stable = 0;
    let lag: Record<string, number> = {};
    while (Date.now() - begin < maxSeconds * 1000) {
      const raw = await admin.fetchTopicOffsets(KAFKA_TOPICS.telemetryRaw.name);
      const high = raw.reduce((n, p) => n + Number(p.high), 0);
      lag = {};
      for (const { groupId, topic } of GROUPS) {
        const ends = await admin.fetchTopicOffsets(topic);
        const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
        lag[groupId] = ends.reduce((n, p) => {
          const at = committed?.partitions.find((c) => c.partition === p.partition)?.offset ?? "-1";
          return n + (Number(at) < 0 ? 0 : Math.max(0, Number(p.high) - Number(at)));
        }, 0);
      }
      stable = high === previousHigh ? stable + 1 : 0;
      previousHigh = high;
      if (stable >= 2 && Object.values(lag).every((n) => n < 50)) {
        return { idle: true, waitedSeconds: Math.round((Date.now() - begin) / 1000), lag };
      }
      await sleep(1_000);
    }
    return { idle: false, waitedSeconds: Math.round((Date.now() - begin) / 1000), lag };
  } finally {
    await admin.disconnect();
  }
}
