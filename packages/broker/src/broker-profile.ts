/**
 * What the control plane needs from the MQTT broker, whichever broker it is. Two real
 * implementations: Mosquitto (generated configuration, dynamic-security plugin, SIGHUP) for one
 * machine, and EMQX (HTTP authn/authz hooks into the control plane, REST API) for a cluster.
 */
export interface DeviceAccess {
  deviceId: string;
  fleetId: string;
}

export interface PskEntry {
  identity: string;
  /** The key as hex (Mosquitto's psk_file format; EMQX's file takes raw bytes, converted there). */
  keyHex: string;
}

export interface PublishOptions {
  qos: 0 | 1 | 2;
  retain?: boolean;
  responseTopic?: string;
  correlationData?: Buffer;
  messageExpiryIntervalSeconds?: number;
  userProperties?: Record<string, string>;
  contentType?: string;
}

export interface BrokerStats {
  connectedClients: number;
  detail: Record<string, number>;
}

export interface BrokerProfile {
  readonly kind: "mosquitto" | "emqx";
  /** Allows a provisioned device to connect with client id = device id and use only its own topics. */
  upsertDevice(device: DeviceAccess): Promise<void>;
  /** Removes a device's access (deleted device). */
  removeDevice(deviceId: string): Promise<void>;
  /** Drops the device's live session at once (revocation); with `block` it cannot connect again until re-enabled. */
  disconnectDevice(deviceId: string, options?: { block?: boolean }): Promise<void>;
  /** Installs a freshly signed CRL so revoked certificates fail the TLS handshake. */
  applyCrl(crlPem: string): Promise<void>;
  /** Replaces the TLS-PSK identities the broker accepts. */
  applyPsks(entries: PskEntry[]): Promise<void>;
  /** Publishes as the platform (commands, shadow deltas). */
  publish(topic: string, payload: Buffer | string, options: PublishOptions): Promise<void>;
  stats(): Promise<BrokerStats>;
  close(): Promise<void>;
}
