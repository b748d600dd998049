import { ConfigError, loadPlatformConfig } from "@fleetwire/config";
import { readServiceCredentials } from "@fleetwire/infra/mosquitto";
import { z } from "zod";

const count = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/**
 * The most sessions a bridge process may be configured with. Sessions above the configured count
 * that are left over from an earlier configuration are taken over and ended at start-up (their
 * share of the telemetry would otherwise wait in them), so this is also how far that looks.
 */
export const MAX_BRIDGE_SESSIONS = 256;

/** The bridge's own settings, on top of the platform's. Defaults suit one bridge on a laptop. */
const ZBridgeEnv = z.object({
  /** Names this process's MQTT sessions; keep it stable across restarts so the broker keeps its queue. */
  FLEETWIRE_BRIDGE_INSTANCE: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,32}$/, "1-32 letters, digits, '-' or '_'")
    .default("0"),
  /**
   * The MQTT shared-subscription group the bridge's sessions join. Every bridge of one pipeline
   * uses the same group, and the broker hands each message to one of them; a bridge in another
   * group receives a copy of every message (a second pipeline, e.g. into another Kafka cluster).
   */
  FLEETWIRE_BRIDGE_SHARE_GROUP: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, "1-64 letters, digits, '-' or '_'")
    .default("ingest"),
  /**
   * Broker sessions per process (mqtt-ingest.ts). Each has up to FLEETWIRE_BRIDGE_MQTT_RECEIVE_MAXIMUM
   * messages in flight, so a few suffice; more spread the reading over more sockets.
   */
  FLEETWIRE_BRIDGE_MQTT_CONNECTIONS: count(1, MAX_BRIDGE_SESSIONS).default(4),
  /**
   * Unacknowledged messages one session takes at once (MQTT 5 Receive Maximum). 4 x 100 measured
   * 0.23x of the same run's Mosquitto pass-through, 128 x 1 0.21x and 4 x 1,000 0.057x: bursts of
   * thousands of messages at once stalled the first seconds of a load (bench/RESULTS.md, 2026-12-07).
   */
  FLEETWIRE_BRIDGE_MQTT_RECEIVE_MAXIMUM: count(1, 65_535).default(100),
  /** How long the broker keeps a disconnected bridge session and its queued messages. */
  FLEETWIRE_BRIDGE_SESSION_EXPIRY_SECONDS: count(60, 0xfffffffe).default(7 * 24 * 3600),
  FLEETWIRE_BRIDGE_BATCH_MAX: count(1, 10_000).default(500),
  FLEETWIRE_BRIDGE_BATCH_LINGER_MS: count(0, 1000).default(2),
  FLEETWIRE_INGEST_RATE_PER_SECOND: z.coerce.number().positive().max(1_000_000).default(50),
  FLEETWIRE_INGEST_BURST: count(1, 1_000_000).default(500),
  FLEETWIRE_INGEST_MAX_FUTURE_SKEW_SECONDS: count(0, 86_400).default(300),
  FLEETWIRE_INGEST_MAX_AGE_SECONDS: count(60, 365 * 86_400).default(7 * 86_400),
  FLEETWIRE_MQTT_SERVICE_USERNAME: z.string().min(1).optional(),
  FLEETWIRE_MQTT_SERVICE_PASSWORD: z.string().min(1).optional(),
});

/**
 * The bridge's settings. It talks to the broker as a platform service: with credentials from the
 * environment in production (EMQX), or the ones the local Mosquitto was generated with.
 */
export function loadBridgeEnv(env: NodeJS.ProcessEnv = process.env) {
  const config = loadPlatformConfig(env);
  const parsed = ZBridgeEnv.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(String(issue?.path[0] ?? "environment"), issue?.message ?? "invalid");
  }
  const e = parsed.data;
  let service: { username: string; password: string };
  if (e.FLEETWIRE_MQTT_SERVICE_USERNAME && e.FLEETWIRE_MQTT_SERVICE_PASSWORD) {
    service = { username: e.FLEETWIRE_MQTT_SERVICE_USERNAME, password: e.FLEETWIRE_MQTT_SERVICE_PASSWORD };
  } else {
    try {
      service = readServiceCredentials(config);
    } catch (error) {
      throw new ConfigError("FLEETWIRE_MQTT_SERVICE_USERNAME", `not set, and ${(error as Error).message}`);
    }
  }
  return {
    ...config,
    mqttService: {
      url: `mqtt://${config.mqtt.host}:${config.ports.mqttService}`,
      host: config.mqtt.host,
      port: config.ports.mqttService,
      ...service,
    },
    bridge: {
      instance: e.FLEETWIRE_BRIDGE_INSTANCE,
      shareGroup: e.FLEETWIRE_BRIDGE_SHARE_GROUP,
      mqttConnections: e.FLEETWIRE_BRIDGE_MQTT_CONNECTIONS,
      mqttReceiveMaximum: e.FLEETWIRE_BRIDGE_MQTT_RECEIVE_MAXIMUM,
      sessionExpirySeconds: e.FLEETWIRE_BRIDGE_SESSION_EXPIRY_SECONDS,
      batchMax: e.FLEETWIRE_BRIDGE_BATCH_MAX,
      batchLingerMs: e.FLEETWIRE_BRIDGE_BATCH_LINGER_MS,
    },
    ingest: {
      limits: {
        maxPayloadBytes: config.limits.maxPayloadBytes,
        maxFutureSkewMs: e.FLEETWIRE_INGEST_MAX_FUTURE_SKEW_SECONDS * 1000,
        maxAgeMs: e.FLEETWIRE_INGEST_MAX_AGE_SECONDS * 1000,
      },
      rateLimit: { ratePerSecond: e.FLEETWIRE_INGEST_RATE_PER_SECOND, burst: e.FLEETWIRE_INGEST_BURST },
    },
  };
}

export type BridgeEnv = ReturnType<typeof loadBridgeEnv>;
