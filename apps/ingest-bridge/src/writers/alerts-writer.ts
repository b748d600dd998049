import type { Logger } from "@fleetwire/core";
import { parseAlertEvent, recordAlertEvents, type TAlertEvent } from "@fleetwire/sinks";
import type { Kafka, Producer } from "kafkajs";
import type { Pool } from "pg";
import { SinkConsumer } from "./sink-consumer.ts";
import type { SinkMetrics } from "./sink-metrics.ts";
import type { WritersEnv } from "./writers-env.ts";

/**
 * route.alerts -> the alerts table: one active alert per dedup key (count and last_seen move),
 * a new row once it was resolved. Offsets are committed after the database commit.
 */
export function createAlertsWriter(
  settings: WritersEnv["writers"]["alerts"],
  deps: { kafka: Kafka; producer: Producer; pool: Pool; log: Logger; metrics: SinkMetrics },
) {
  return new SinkConsumer<TAlertEvent>({
    role: "alerts",
    kafka: deps.kafka,
    producer: deps.producer,
    topic: settings.topic,
    groupId: settings.groupId,
    maxWeight: settings.maxEvents,
    maxWaitMs: settings.maxWaitMs,
    flushWhenIdle: true,
    decode(record) {
      return { items: [parseAlertEvent(record)], weight: 1 };
    },
    async write(snapshot) {
      const events = snapshot.slices.flatMap((s) => s.items);
      const outcomes = await recordAlertEvents(deps.pool, events);
      outcomes.forEach((outcome, i) => {
        if (outcome === "unknown_device") {
          deps.log.warn({ deviceId: events[i]?.deviceId }, "alert event for a device that no longer exists: skipped");
        }
      });
      return { written: outcomes.filter((o) => o === "opened" || o === "counted").length };
    },
    log: deps.log,
    metrics: deps.metrics,
  });
}
