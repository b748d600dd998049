import { existsSync } from "node:fs";
import { type BrokerProfile, type BrokerStats, type DeviceAccess, deviceTopics } from "@fleetwire/broker";
import type { PlatformConfig } from "@fleetwire/config";
import { writeAtomic } from "@fleetwire/pki";
import mqtt, { type IClientPublishOptions, type MqttClient } from "mqtt";
import { reloadMosquitto } from "./mosquitto.ts";
import { createDynsecAdmin, type DynsecCommand } from "./mosquitto-dynsec-admin.ts";
import { mosquittoPaths } from "./mosquitto-paths.ts";
import { writeMosquittoPskFile } from "./mosquitto-psk.ts";
import { readServiceCredentials } from "./mosquitto-service-credentials.ts";

type Config = Pick<PlatformConfig, "stateDir" | "mqtt" | "pki" | "ports">;

/** The dynsec role that holds exactly one device's topics. */
export const deviceRoleName = (deviceId: string) => `device:${deviceId}`;

/** Everything a device may do, as dynamic-security ACLs (design.md, "Device topics"). */
export function deviceAcls({ fleetId, deviceId }: DeviceAccess) {
  const topics = deviceTopics(fleetId, deviceId);
  return [
    ...topics.publish.map((topic) => ({ acltype: "publishClientSend", topic, allow: true, priority: 0 })),
    ...topics.subscribe.map((topic) => ({ acltype: "subscribeLiteral", topic, allow: true, priority: 0 })),
    ...topics.subscribe.map((topic) => ({ acltype: "unsubscribeLiteral", topic, allow: true, priority: 0 })),
  ];
}

/**
 * The Mosquitto side of the broker profile. Per device a dynsec client (username = device id =
 * certificate CN or PSK identity, client id bound to it) with one role holding exactly its topics;
 * revocation disables the client (Mosquitto sends DISCONNECT 0x98 at once) and a new CRL or PSK
 * file is applied with SIGHUP, so the credential cannot come back. Talks to the broker as the
 * service user over the loopback service listener.
 */
export async function createMosquittoBrokerProfile(config: Config): Promise<BrokerProfile> {
  const service = readServiceCredentials(config);
  const client: MqttClient = mqtt.connect(service.url, {
    username: service.username,
    password: service.password,
    clientId: `fleetwire-control-${process.pid}-${Math.random().toString(16).slice(2, 8)}`,
    protocolVersion: 5,
    reconnectPeriod: 1_000,
    connectTimeout: 5_000,
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      client.end(true);
      reject(new Error(`mosquitto: no MQTT connection to the service listener ${service.url} within 10 s`));
    }, 10_000);
    client.once("connect", () => {
      clearTimeout(timer);
      resolve();
    });
  });
  const admin = createDynsecAdmin(client);

  async function run(commands: DynsecCommand[], tolerated: Record<string, RegExp> = {}) {
    const responses = await admin.send(commands);
    for (const r of responses) {
      if (r.error && !tolerated[r.command]?.test(r.error)) {
        throw new Error(`mosquitto dynamic-security ${r.command}: ${r.error}`);
      }
    }
    return responses;
  }

  const reload = () => {
    // No broker running: the files are read at its next start.
    if (existsSync(mosquittoPaths(config).pidFile)) {
      try {
        reloadMosquitto(config);
      } catch {
        /* not running */
      }
    }
  };

  return {
    kind: "mosquitto",

    async upsertDevice(device) {
      const role = deviceRoleName(device.deviceId);
      // Replacing the role (rather than editing it) keeps its ACLs exact when the fleet changed.
      await run(
        [
          { command: "deleteRole", rolename: role },
          { command: "createRole", rolename: role, acls: deviceAcls(device) },
          { command: "createClient", username: device.deviceId, clientid: device.deviceId },
          {
            command: "modifyClient",
            username: device.deviceId,
            clientid: device.deviceId,
            roles: [{ rolename: role, priority: 0 }],
          },
          { command: "enableClient", username: device.deviceId },
        ],
        { deleteRole: /not found/i, createClient: /already exists/i },
      );
    },

    async removeDevice(deviceId) {
      await run(
        [
          { command: "deleteClient", username: deviceId },
          { command: "deleteRole", rolename: deviceRoleName(deviceId) },
        ],
        { deleteClient: /not found/i, deleteRole: /not found/i },
      );
    },

    async disconnectDevice(deviceId, options) {
      // disableClient drops every live session of that username (DISCONNECT 0x98).
      const commands: DynsecCommand[] = [{ command: "disableClient", username: deviceId }];
      if (!options?.block) commands.push({ command: "enableClient", username: deviceId });
      await run(commands, { disableClient: /not found/i, enableClient: /not found/i });
    },

    async applyCrl(crlPem) {
      writeAtomic(mosquittoPaths(config).crl, crlPem, 0o644);
      reload();
    },

    async applyPsks(entries) {
      writeMosquittoPskFile(config, entries);
      reload();
    },

    async publish(topic, payload, options) {
      const publishOptions: IClientPublishOptions = {
        qos: options.qos,
        retain: options.retain ?? false,
        properties: {
          ...(options.responseTopic ? { responseTopic: options.responseTopic } : {}),
          ...(options.correlationData ? { correlationData: options.correlationData } : {}),
          ...(options.messageExpiryIntervalSeconds
            ? { messageExpiryInterval: options.messageExpiryIntervalSeconds }
            : {}),
          ...(options.userProperties ? { userProperties: options.userProperties } : {}),
          ...(options.contentType ? { contentType: options.contentType } : {}),
        },
      };
      await client.publishAsync(topic, payload, publishOptions);
    },

    async stats(): Promise<BrokerStats> {
      return readSysCounters(client);
    },

    async close() {
      await client.endAsync();
    },
  };
}

/** Mosquitto publishes its counters as retained $SYS messages (every sys_interval seconds). */
async function readSysCounters(client: MqttClient, timeoutMs = 1_500): Promise<BrokerStats> {
  const wanted = ["$SYS/broker/clients/connected", "$SYS/broker/subscriptions/count", "$SYS/broker/messages/stored"];
  const detail: Record<string, number> = {};
  await new Promise<void>((resolve) => {
    const onMessage = (topic: string, payload: Buffer) => {
      if (!wanted.includes(topic)) return;
      detail[topic.replace("$SYS/broker/", "")] = Number(payload.toString());
      if (Object.keys(detail).length === wanted.length) done();
    };
    const timer = setTimeout(() => done(), timeoutMs);
    const done = () => {
      clearTimeout(timer);
      client.off("message", onMessage);
      void client.unsubscribeAsync(wanted).catch(() => {});
      resolve();
    };
    client.on("message", onMessage);
    void client.subscribeAsync(wanted).catch(() => done());
  });
  return { connectedClients: detail["clients/connected"] ?? 0, detail };
}
