import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

/**
 * The whole platform's settings, read once from the environment and validated. Every service,
 * the CLI and the test harness derive their addresses from here, so a port is named in one place.
 * The `test` profile shifts every port by 10000 and uses its own database, Redis db and state
 * folder, so the test suite can run beside a developer's running platform.
 */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

const PROFILES = {
  dev: { portOffset: 0, database: "fleetwire", redisDb: 0 },
  test: { portOffset: 10000, database: "fleetwire_test", redisDb: 1 },
} as const;

const BASE_PORTS = {
  console: 3000,
  controlPlane: 4000,
  deviceHttps: 4443,
  ingestHttps: 4444,
  ingestBridge: 4100,
  rulesWorker: 4101,
  writers: 4102,
  coap: 5683,
  mqttMtls: 8883,
  mqttPsk: 8884,
  mqttService: 1884,
  kafka: 9092,
  kafkaController: 9093,
} as const;

const port = z.coerce.number().int().min(1).max(65535);
const optionalPort = port.optional();

const ZPlatformEnv = z.object({
  FLEETWIRE_PROFILE: z.enum(["dev", "test"]).default("dev"),
  FLEETWIRE_STATE_DIR: z.string().min(1).optional(),
  /** Shifts every default port, e.g. to run a second test platform beside the first. */
  FLEETWIRE_PORT_OFFSET: z.coerce.number().int().min(0).max(50000).optional(),
  FLEETWIRE_PUBLIC_HOST: z.string().min(1).default("127.0.0.1"),
  FLEETWIRE_DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  FLEETWIRE_REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  FLEETWIRE_KAFKA_BROKERS: z.string().min(1).optional(),
  FLEETWIRE_KAFKA_HEAP: z
    .string()
    .regex(/^\d+[mg]$/, "a JVM heap size such as 768m")
    .default("768m"),
  FLEETWIRE_MQTT_BROKER: z.enum(["mosquitto", "emqx"]).default("mosquitto"),
  FLEETWIRE_MQTT_HOST: z.string().min(1).default("127.0.0.1"),
  FLEETWIRE_EMQX_API_URL: z.url().optional(),
  FLEETWIRE_EMQX_API_KEY: z.string().optional(),
  FLEETWIRE_EMQX_API_SECRET: z.string().optional(),
  /** Shared secret EMQX sends as `x-emqx-token` on its HTTP authn/authz calls to the control plane. */
  FLEETWIRE_EMQX_HOOK_SECRET: z.string().min(16, "at least 16 characters").optional(),
  /** The platform services' MQTT user on EMQX (ingest bridge, control plane); checked by /emqx/authn. */
  FLEETWIRE_EMQX_SERVICE_USERNAME: z.string().min(1).default("fleetwire-service"),
  FLEETWIRE_EMQX_SERVICE_PASSWORD: z.string().min(16, "at least 16 characters").optional(),
  FLEETWIRE_CONSOLE_PORT: optionalPort,
  FLEETWIRE_CONTROL_PLANE_PORT: optionalPort,
  FLEETWIRE_DEVICE_HTTPS_PORT: optionalPort,
  FLEETWIRE_INGEST_HTTPS_PORT: optionalPort,
  FLEETWIRE_INGEST_BRIDGE_PORT: optionalPort,
  FLEETWIRE_RULES_WORKER_PORT: optionalPort,
  FLEETWIRE_WRITERS_PORT: optionalPort,
  FLEETWIRE_COAP_PORT: optionalPort,
  FLEETWIRE_MQTT_MTLS_PORT: optionalPort,
  FLEETWIRE_MQTT_PSK_PORT: optionalPort,
  FLEETWIRE_MQTT_SERVICE_PORT: optionalPort,
  FLEETWIRE_KAFKA_PORT: optionalPort,
  FLEETWIRE_KAFKA_CONTROLLER_PORT: optionalPort,
  FLEETWIRE_MAX_PAYLOAD_BYTES: z.coerce
    .number()
    .int()
    .min(64)
    .max(16 * 1024 * 1024)
    .default(256 * 1024),
  FLEETWIRE_ADMIN_EMAIL: z.email().default("admin@fleetwire.local"),
  FLEETWIRE_ADMIN_PASSWORD: z.string().min(8, "at least 8 characters").default("fleetwire-admin"),
  /** Validity of device operational certificates issued at provisioning and renewal. */
  FLEETWIRE_DEVICE_CERT_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
  FLEETWIRE_SECRET_KEY: z
    .string()
    .regex(/^[0-9a-f]{64}$/i, "64 hex characters (32 bytes), e.g. from `openssl rand -hex 32`")
    .optional(),
});

export type PlatformEnv = z.infer<typeof ZPlatformEnv>;

export class ConfigError extends Error {
  constructor(
    readonly setting: string,
    problem: string,
  ) {
    super(`${setting}: ${problem}`);
    this.name = "ConfigError";
  }
}

export function loadPlatformConfig(env: NodeJS.ProcessEnv = process.env) {
  const parsed = ZPlatformEnv.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(String(issue?.path[0] ?? "environment"), issue?.message ?? "invalid");
  }
  const e = parsed.data;
  const profile = PROFILES[e.FLEETWIRE_PROFILE];
  const offset = e.FLEETWIRE_PORT_OFFSET ?? profile.portOffset;
  const p = (override: number | undefined, base: number) => override ?? base + offset;
  const host = e.FLEETWIRE_PUBLIC_HOST;
  const stateDir = path.resolve(
    /*turbopackIgnore: true*/ e.FLEETWIRE_STATE_DIR ?? path.join(REPO_ROOT, ".state", e.FLEETWIRE_PROFILE),
  );

  const ports = {
    console: p(e.FLEETWIRE_CONSOLE_PORT, BASE_PORTS.console),
    controlPlane: p(e.FLEETWIRE_CONTROL_PLANE_PORT, BASE_PORTS.controlPlane),
    deviceHttps: p(e.FLEETWIRE_DEVICE_HTTPS_PORT, BASE_PORTS.deviceHttps),
    ingestHttps: p(e.FLEETWIRE_INGEST_HTTPS_PORT, BASE_PORTS.ingestHttps),
    ingestBridge: p(e.FLEETWIRE_INGEST_BRIDGE_PORT, BASE_PORTS.ingestBridge),
    rulesWorker: p(e.FLEETWIRE_RULES_WORKER_PORT, BASE_PORTS.rulesWorker),
    writers: p(e.FLEETWIRE_WRITERS_PORT, BASE_PORTS.writers),
    coap: p(e.FLEETWIRE_COAP_PORT, BASE_PORTS.coap),
    mqttMtls: p(e.FLEETWIRE_MQTT_MTLS_PORT, BASE_PORTS.mqttMtls),
    mqttPsk: p(e.FLEETWIRE_MQTT_PSK_PORT, BASE_PORTS.mqttPsk),
    mqttService: p(e.FLEETWIRE_MQTT_SERVICE_PORT, BASE_PORTS.mqttService),
    kafka: p(e.FLEETWIRE_KAFKA_PORT, BASE_PORTS.kafka),
    kafkaController: p(e.FLEETWIRE_KAFKA_CONTROLLER_PORT, BASE_PORTS.kafkaController),
  };

  return {
    profile: e.FLEETWIRE_PROFILE,
    stateDir,
    host,
    ports,
    databaseUrl: e.FLEETWIRE_DATABASE_URL ?? `postgresql://postgres@127.0.0.1:5432/${profile.database}`,
    redisUrl: e.FLEETWIRE_REDIS_URL ?? `redis://127.0.0.1:6379/${profile.redisDb}`,
    kafka: {
      brokers: (e.FLEETWIRE_KAFKA_BROKERS ?? `127.0.0.1:${ports.kafka}`).split(",").map((b) => b.trim()),
      heap: e.FLEETWIRE_KAFKA_HEAP,
      dataDir: path.join(stateDir, "kafka"),
    },
    mqtt: {
      broker: e.FLEETWIRE_MQTT_BROKER,
      host: e.FLEETWIRE_MQTT_HOST,
      dataDir: path.join(stateDir, "mosquitto"),
      emqx: {
        apiUrl: e.FLEETWIRE_EMQX_API_URL,
        apiKey: e.FLEETWIRE_EMQX_API_KEY,
        apiSecret: e.FLEETWIRE_EMQX_API_SECRET,
        hookSecret: e.FLEETWIRE_EMQX_HOOK_SECRET,
        serviceUsername: e.FLEETWIRE_EMQX_SERVICE_USERNAME,
        servicePassword: e.FLEETWIRE_EMQX_SERVICE_PASSWORD,
      },
    },
    pki: {
      dir: path.join(stateDir, "pki"),
      caChainPath: path.join(stateDir, "pki", "ca-chain.pem"),
      deviceCertDays: e.FLEETWIRE_DEVICE_CERT_DAYS,
    },
    urls: {
      console: `http://${host}:${ports.console}`,
      controlPlane: `http://${host}:${ports.controlPlane}`,
      deviceHttps: `https://${host}:${ports.deviceHttps}`,
      ingestHttps: `https://${host}:${ports.ingestHttps}`,
      ingestBridge: `http://${host}:${ports.ingestBridge}`,
      rulesWorker: `http://${host}:${ports.rulesWorker}`,
      writers: `http://${host}:${ports.writers}`,
    },
    limits: { maxPayloadBytes: e.FLEETWIRE_MAX_PAYLOAD_BYTES },
    admin: { email: e.FLEETWIRE_ADMIN_EMAIL, password: e.FLEETWIRE_ADMIN_PASSWORD },
    secretKeyHex: e.FLEETWIRE_SECRET_KEY,
  };
}

export type PlatformConfig = ReturnType<typeof loadPlatformConfig>;
