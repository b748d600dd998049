import { randomUUID } from "node:crypto";
import mqtt, { type IClientOptions, type MqttClient } from "mqtt";
import { type BackoffOptions, backoffDelay, DEFAULT_BACKOFF } from "./backoff.ts";
import { type Command, type CommandReply, deviceTopics, type ShadowDelta } from "./device-messages.ts";

export type DeviceAuth =
  | { type: "mtls"; certPem: string; keyPem: string; caPem: string }
  | { type: "psk"; identity: string; key: Buffer };

export interface DeviceOptions {
  deviceId: string;
  fleetId: string;
  /** mqtts://host:port: the mutual-TLS listener for "mtls", the PSK listener for "psk". */
  brokerUrl: string;
  auth: DeviceAuth;
  /** How long the broker keeps this device's session (and QoS 1 messages for it) while offline. */
  sessionExpirySeconds?: number;
  backoff?: BackoffOptions;
  /** Give up on the first connection after this long (later drops are retried for ever). */
  connectTimeoutMs?: number;
  log?: (event: string, detail?: Record<string, unknown>) => void;
}

export type DesiredHandler = (delta: ShadowDelta) => void | Promise<void>;
export type CommandHandler = (command: Command) => unknown | Promise<unknown>;

const PSK_CIPHERS = "PSK-AES256-GCM-SHA384:PSK-AES128-GCM-SHA256:PSK-AES128-CBC-SHA256";

/**
 * A connected Fleetwire device: MQTT 5 with clean start false and a session expiry, so QoS 1
 * deltas and commands sent while it is offline wait for it at the broker. It reconnects after a
 * drop with exponential backoff and jitter, and after every (re)connection sends an empty report,
 * which makes the platform publish the full current delta.
 */
export class FleetwireDevice {
  readonly topics: ReturnType<typeof deviceTopics>;
  readonly stats = { published: 0, failed: 0, reconnects: 0, commands: 0, deltas: 0 };
  private client!: MqttClient;
  private attempt = 0;
  private closing = false;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private readonly desiredHandlers: DesiredHandler[] = [];
  private commandHandler: CommandHandler | undefined;
  private readonly handledCommands = new Set<string>();
  private lastDeltaVersion = -1;

  private constructor(private readonly options: DeviceOptions) {
    this.topics = deviceTopics(options.fleetId, options.deviceId);
  }

  /** Connects (retrying with backoff until `connectTimeoutMs`) and subscribes to deltas and commands. */
  static async connect(options: DeviceOptions): Promise<FleetwireDevice> {
    const device = new FleetwireDevice(options);
    await device.start();
    return device;
  }

  get connected(): boolean {
    return this.client.connected;
  }

  /** One telemetry reading, QoS 1; resolves when the platform acknowledged it (PUBACK). */
  async publishTelemetry(
    metrics: Record<string, unknown>,
    options: { messageId?: string; timestamp?: Date } = {},
  ): Promise<string> {
    const messageId = options.messageId ?? randomUUID();
    const envelope = { message_id: messageId, timestamp: (options.timestamp ?? new Date()).toISOString(), metrics };
    try {
      await this.client.publishAsync(this.topics.telemetry, JSON.stringify(envelope), { qos: 1 });
      this.stats.published++;
      return messageId;
    } catch (error) {
      this.stats.failed++;
      throw error;
    }
  }

  /** Reports state (an RFC 7396 merge patch of the reported state: null removes a key), QoS 1. */
  async reportState(state: Record<string, unknown>): Promise<void> {
    await this.client.publishAsync(this.topics.shadowReported, JSON.stringify({ state }), { qos: 1 });
  }

  /** Called with every delta the platform sends (a newer version than the last one seen). */
  onDesired(handler: DesiredHandler): void {
    this.desiredHandlers.push(handler);
  }

  /**
   * Applies desired state: `apply` gets the delta and returns what the device now is for those
   * keys (or nothing, meaning "exactly as asked"), which is reported back so the delta clears.
   */
  applyDesired(
    apply: (
      delta: Record<string, unknown>,
    ) => Record<string, unknown> | undefined | Promise<Record<string, unknown> | undefined>,
  ): void {
    this.onDesired(async (delta) => {
      const applied = (await apply(delta.state)) ?? delta.state;
      await this.reportState(applied);
    });
  }

  /**
   * Answers commands: a `delivered` receipt at once, then `succeeded` with what the handler
   * returns, or `failed` with the error it throws. A redelivered command (same id) is not run twice.
   */
  onCommand(handler: CommandHandler): void {
    this.commandHandler = handler;
  }

  async close(): Promise<void> {
    this.closing = true;
    clearTimeout(this.reconnectTimer);
    await this.client.endAsync(false).catch(() => {});
  }

  private mqttOptions(): IClientOptions {
    const base: IClientOptions = {
      protocolVersion: 5,
      clientId: this.options.deviceId,
      clean: false,
      properties: { sessionExpiryInterval: this.options.sessionExpirySeconds ?? 24 * 3600 },
      reconnectPeriod: 0, // reconnects are paced here (backoff with jitter)
      connectTimeout: 10_000,
      resubscribe: false,
      keepalive: 30,
    };
    const auth = this.options.auth;
    if (auth.type === "mtls") return { ...base, cert: auth.certPem, key: auth.keyPem, ca: auth.caPem };
    return {
      ...base,
      // TLS-PSK: no certificates; Node asks for the key during the handshake.
      pskCallback: () => ({ psk: auth.key, identity: auth.identity }),
      ciphers: PSK_CIPHERS,
      maxVersion: "TLSv1.2",
      checkServerIdentity: () => undefined,
    } as IClientOptions;
  }

  private start(): Promise<void> {
    const log = this.options.log ?? (() => {});
    this.client = mqtt.connect(this.options.brokerUrl, this.mqttOptions());
    this.client.on("error", (error) => log("error", { message: error.message }));
    this.client.on("message", (topic, payload, packet) => {
      void this.dispatch(topic, payload, packet.properties ?? {}).catch((error: Error) =>
        log("handler_error", { topic, message: error.message }),
      );
    });
    this.client.on("connect", (connack) => {
      this.attempt = 0;
      void this.afterConnect(Boolean(connack.sessionPresent)).catch((error: Error) =>
        log("subscribe_error", { message: error.message }),
      );
    });
    this.client.on("close", () => {
      if (this.closing) return;
      const delay = backoffDelay(this.attempt++, this.options.backoff ?? DEFAULT_BACKOFF);
      log("reconnect_scheduled", { delayMs: delay, attempt: this.attempt });
      clearTimeout(this.reconnectTimer);
      this.reconnectTimer = setTimeout(() => {
        if (this.closing) return;
        this.stats.reconnects++;
        this.client.reconnect();
      }, delay);
    });

    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        void this.close();
        reject(new Error(`${this.options.deviceId}: not connected to ${this.options.brokerUrl} in time`));
      }, this.options.connectTimeoutMs ?? 30_000);
      const ready = () => {
        clearTimeout(timer);
        resolve();
      };
      this.subscribed = ready;
    });
  }

  private subscribed: (() => void) | undefined;

  private async afterConnect(sessionPresent: boolean) {
    if (!sessionPresent) {
      const granted = await this.client.subscribeAsync([this.topics.shadowDelta, this.topics.commands], { qos: 1 });
      const refused = granted.filter((g) => g.qos > 2);
      if (refused.length > 0) throw new Error(`subscriptions refused: ${refused.map((g) => g.topic).join(", ")}`);
    }
    const ready = this.subscribed;
    this.subscribed = undefined;
    ready?.();
    // Ask for the current delta: anything changed while this device was away arrives now.
    await this.reportState({});
  }

  private async dispatch(
    topic: string,
    payload: Buffer,
    properties: { correlationData?: Buffer; responseTopic?: string },
  ) {
    if (topic === this.topics.shadowDelta) {
      const delta = JSON.parse(payload.toString("utf8")) as ShadowDelta;
      if (delta.version <= this.lastDeltaVersion) return;
      this.lastDeltaVersion = delta.version;
      this.stats.deltas++;
      for (const handler of this.desiredHandlers) await handler(delta);
      return;
    }
    if (topic === this.topics.commands) await this.runCommand(payload, properties);
  }

  private async runCommand(payload: Buffer, properties: { correlationData?: Buffer; responseTopic?: string }) {
    const command = JSON.parse(payload.toString("utf8")) as Command;
    if (this.handledCommands.has(command.id)) return;
    this.remember(command.id);
    if (Date.parse(command.expires_at) <= Date.now()) return;
    this.stats.commands++;
    const reply = (body: CommandReply) =>
      this.client.publishAsync(properties.responseTopic ?? this.topics.commandResponse, JSON.stringify(body), {
        qos: 1,
        properties: { correlationData: properties.correlationData ?? Buffer.from(command.id) },
      });
    if (!this.commandHandler) return;
    await reply({ status: "delivered" });
    try {
      const result = await this.commandHandler(command);
      await reply({ status: "succeeded", ...(result === undefined ? {} : { result }) });
    } catch (error) {
      await reply({ status: "failed", result: { error: (error as Error).message ?? String(error) } });
    }
  }

  private remember(id: string) {
    this.handledCommands.add(id);
    if (this.handledCommands.size > 1000) {
      const oldest = this.handledCommands.values().next().value;
      if (oldest) this.handledCommands.delete(oldest);
    }
  }
}

/** Connects a device (see FleetwireDevice). */
export function connectDevice(options: DeviceOptions): Promise<FleetwireDevice> {
  return FleetwireDevice.connect(options);
}
