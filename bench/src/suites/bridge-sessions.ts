import { readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { KAFKA_TOPICS } from "@fleetwire/config";
import { startNodeService } from "@fleetwire/infra";
import { setServiceEnvironment } from "../bench-env.ts";
import { observeTopic } from "../load/kafka-observer.ts";
import { findServiceProcess } from "../profile/find-service-process.ts";
import { fmtInt, fmtLatency, fmtRatio, table } from "../stats/format.ts";
import { type IngestPhase, ingestPhase } from "./mqtt-ingest.ts";
import { type BenchContext, pick, type Suite } from "./suite.ts";

const ENTRY = "apps/ingest-bridge/src/main.ts";

/** Stops the running bench bridge (its tsx launcher's process group) and waits until it is gone. */
async function stopBridge(ctx: BenchContext) {
  const pid = findServiceProcess(ENTRY, ctx.config.stateDir);
  if (!pid) throw new Error("the bench's ingest bridge is not running");
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const group = Number(fields[2]); // the launcher was started detached: its pid is the group id
  ctx.expectedExits.add("ingest-bridge");
  process.kill(-group, "SIGTERM");
  for (let i = 0; i < 300 && findServiceProcess(ENTRY, ctx.config.stateDir); i++) await sleep(100);
}

async function startBridge(ctx: BenchContext, sessions: number) {
  setServiceEnvironment("FLEETWIRE_BRIDGE_MQTT_CONNECTIONS", String(sessions));
  const proc = await startNodeService(ctx.config, {
    name: "ingest-bridge",
    entry: ENTRY,
    healthUrl: `${ctx.config.urls.ingestBridge}/health`,
  });
  ctx.adopt(proc);
  return proc;
}

interface Variant {
  sessions: number;
  max: IngestPhase;
  half: IngestPhase;
}

/**
 * The bridge's broker sessions: each keeps up to FLEETWIRE_BRIDGE_MQTT_RECEIVE_MAXIMUM messages in
 * flight (apps/ingest-bridge/src/mqtt/subscriber-session.ts), so the count decides how many
 * sockets the reading is spread over rather than the in-flight bound. The same load against the
 * bridge restarted with each count shows which serves best (the default is 4). Sessions above a
 * new, smaller count are emptied and ended by the bridge itself at start.
 */
export const bridgeSessions: Suite = {
  name: "bridge-sessions",
  title: "Ingest bridge: broker sessions (in-flight bound) vs throughput",
  fullOnly: true,
  async run(ctx) {
    const deviceCount = pick(ctx, 100, 200);
    const durationMs = pick(ctx, 10_000, 20_000);
    const clients = (await ctx.devices(deviceCount)).loadClients(deviceCount);
    // The default last: the suites after this one run against the bridge as it was.
    const counts = pick(ctx, [1, 4], [1, 2, 8, 16, 4]);
    const variants: Variant[] = [];
    for (const sessions of counts) {
      await stopBridge(ctx);
      await startBridge(ctx, sessions);
      ctx.log(`  bridge restarted with ${sessions} sessions`);
      const observer = await observeTopic(ctx.config, KAFKA_TOPICS.telemetryRaw.name);
      try {
        const label = `s${sessions}`;
        const max = await ingestPhase(ctx, observer, clients, {
          label: `${label}max`,
          mode: "closed",
          rate: 0,
          window: 4,
          // Closed loop fills the bridge's broker queue as fast as Mosquitto takes messages: keep it short.
          durationMs: pick(ctx, 6_000, 15_000),
        });
        const half = await ingestPhase(ctx, observer, clients, {
          label: `${label}half`,
          mode: "open",
          rate: Math.max(100, Math.round(max.kafkaPerSecond / 2)),
          window: 0,
          durationMs,
        });
        variants.push({ sessions, max, half });
      } finally {
        await observer.stop();
      }
    }
    ctx.notes.push(
      `bridge-sessions restarted the bench's ingest bridge with FLEETWIRE_BRIDGE_MQTT_CONNECTIONS=${counts.join(", ")}; the suites after it ran against the last of these.`,
    );
    const base = variants[0]?.max.overallPerSecond ?? Number.NaN;
    return {
      data: { durationMs, devices: deviceCount, variants },
      markdown: [
        `Same devices and load as the MQTT ingest suite; the bridge restarted for each session count (each phase from an idle pipeline, ${durationMs / 1000} s).`,
        "",
        ...table(
          [
            "bridge sessions",
            "max in Kafka msg/s during load",
            "incl. drain",
            `vs ${variants[0]?.sessions} session(s) (incl. drain)`,
            "at 50 % of that: publish -> in telemetry.raw",
          ],
          variants.map((v) => [
            v.sessions,
            fmtInt(v.max.kafkaPerSecond),
            fmtInt(v.max.overallPerSecond),
            fmtRatio(v.max.overallPerSecond, base),
            fmtLatency(v.half.kafkaVisibleMs),
          ]),
        ),
      ],
    };
  },
};
