import path from "node:path";
import { ConfigError, type PlatformConfig } from "@fleetwire/config";
import { AppError, createLogger } from "@fleetwire/core";
import type { BrokerProfile, BrokerStats, DeviceAccess, PskEntry, PublishOptions } from "../broker-profile.ts";
import type { EmqxPublishRequest } from "./emqx-api.schema.ts";
import { EmqxApiError, emqxErrorToAppError } from "./emqx-api-error.ts";
import { EmqxClient } from "./emqx-client.ts";
import { writeEmqxPskFile } from "./emqx-psk-file.ts";

const log = createLogger("broker-emqx");

export interface EmqxBrokerProfileOptions {
  client: EmqxClient;
  /** Where applyPsks writes EMQX's `psk_authentication.init_file`; config management ships it to the nodes. */
  pskFile: string;
}

/**
 * The production broker: an EMQX 5.8 cluster that asks the control plane who may connect and what
 * they may touch (POST /emqx/authn, /emqx/authz), so the registry in PostgreSQL is the only source of
 * truth and nothing device-specific has to be pushed to EMQX. What each method really does:
 * - upsertDevice/removeDevice clear the client's authorization cache (removeDevice also kicks it),
 *   so the next check asks the control plane. The per-session `acl` EMQX got at CONNECT lasts until
 *   the client reconnects: moving a device to another fleet must also call disconnectDevice.
 * - disconnectDevice kicks the client and discards its session on whichever node holds it. `block`
 *   needs nothing more: every reconnect goes through /emqx/authn, which refuses a revoked device or
 *   certificate.
 * - applyCrl pushes nothing: EMQX fetches CRLs itself from the certificate's CRL Distribution Point
 *   (crl_cache.refresh_interval). Revocation takes effect at once anyway, through authn + the kick.
 * - applyPsks writes the init_file. EMQX 5.8 open source has no REST API for PSKs and imports the file
 *   only at node start; entries removed from the file may survive in its database (emqx-5.8.md §5).
 *   So a PSK change needs a rolling restart, and PSK revocation is enforced by MQTT-level authn.
 */
export class EmqxBrokerProfile implements BrokerProfile {
  readonly kind = "emqx" as const;

  constructor(private readonly options: EmqxBrokerProfileOptions) {}

  async upsertDevice(device: DeviceAccess): Promise<void> {
    await this.emqx(() => this.options.client.clearAuthzCache(device.deviceId));
  }

  async removeDevice(deviceId: string): Promise<void> {
    await this.emqx(() => this.options.client.kickClient(deviceId));
    await this.emqx(() => this.options.client.clearAuthzCache(deviceId));
  }

  async disconnectDevice(deviceId: string, _options?: { block?: boolean }): Promise<void> {
    const kicked = await this.emqx(() => this.options.client.kickClient(deviceId));
    log.info({ deviceId, kicked }, kicked ? "kicked the device's EMQX session" : "device had no EMQX session");
  }

  async applyCrl(_crlPem: string): Promise<void> {
    log.debug("EMQX fetches the CRL from the certificates' distribution point; nothing to push");
  }

  async applyPsks(entries: PskEntry[]): Promise<void> {
    writeEmqxPskFile(this.options.pskFile, entries);
    log.warn(
      { file: this.options.pskFile, entries: entries.length },
      "EMQX PSK file rewritten: EMQX imports it only at node start, so roll the nodes to apply it",
    );
  }

  async publish(topic: string, payload: Buffer | string, options: PublishOptions): Promise<void> {
    await this.emqx(() => this.options.client.publish(toPublishRequest(topic, payload, options)));
  }

  async stats(): Promise<BrokerStats> {
    const detail = await this.emqx(() => this.options.client.stats());
    return { connectedClients: detail["live_connections.count"] ?? detail["connections.count"] ?? 0, detail };
  }

  async close(): Promise<void> {
    await this.options.client.close();
  }

  private async emqx<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw error instanceof EmqxApiError ? emqxErrorToAppError(error) : error;
    }
  }
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** The REST body of §1.4. Binary payloads go base64; correlation data is a string in EMQX's API. */
export function toPublishRequest(topic: string, payload: Buffer | string, options: PublishOptions): EmqxPublishRequest {
  const properties: NonNullable<EmqxPublishRequest["properties"]> = {};
  if (options.responseTopic) properties.response_topic = options.responseTopic;
  if (options.correlationData) {
    try {
      properties.correlation_data = utf8.decode(options.correlationData);
    } catch {
      throw new AppError("BAD_REQUEST", "EMQX's publish API carries correlation data as text: use UTF-8 bytes");
    }
  }
  if (options.userProperties && Object.keys(options.userProperties).length > 0)
    properties.user_properties = options.userProperties;
  if (options.messageExpiryIntervalSeconds !== undefined)
    properties.message_expiry_interval = options.messageExpiryIntervalSeconds;
  if (options.contentType) properties.content_type = options.contentType;
  return {
    topic,
    ...(typeof payload === "string"
      ? { payload, payload_encoding: "plain" as const }
      : { payload: payload.toString("base64"), payload_encoding: "base64" as const }),
    qos: options.qos,
    retain: options.retain ?? false,
    ...(Object.keys(properties).length > 0 ? { properties } : {}),
  };
}

/** The EMQX profile from platform configuration (FLEETWIRE_EMQX_API_URL/KEY/SECRET). */
export function createEmqxBrokerProfile(config: Pick<PlatformConfig, "mqtt" | "stateDir">): EmqxBrokerProfile {
  const { apiUrl, apiKey, apiSecret } = config.mqtt.emqx;
  if (!apiUrl) throw new ConfigError("FLEETWIRE_EMQX_API_URL", "required when FLEETWIRE_MQTT_BROKER=emqx");
  if (!apiKey) throw new ConfigError("FLEETWIRE_EMQX_API_KEY", "required when FLEETWIRE_MQTT_BROKER=emqx");
  if (!apiSecret) throw new ConfigError("FLEETWIRE_EMQX_API_SECRET", "required when FLEETWIRE_MQTT_BROKER=emqx");
  return new EmqxBrokerProfile({
    client: new EmqxClient({ apiUrl, apiKey, apiSecret }),
    pskFile: path.join(config.stateDir, "emqx", "psk.txt"),
  });
}
