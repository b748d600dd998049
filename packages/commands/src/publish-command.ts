import { deviceTopics } from "@fleetwire/broker";
import type { Command } from "@fleetwire/db";
import type { CommandDeps } from "./command-deps.ts";
import { toCommandMessage } from "./command-view.ts";

/**
 * Publishes a command QoS 1 on `{fleet}/devices/{id}/commands` with the MQTT 5 response topic,
 * correlation data = command id, and message expiry = the TTL that is left, so the broker drops
 * it rather than deliver it late to a device that reconnects after it expired. A command with
 * less than a second left is not published at all. Resolves with whether the broker took it.
 */
export async function publishCommand(
  deps: CommandDeps,
  fleetId: string,
  command: Pick<Command, "id" | "deviceId" | "name" | "params" | "expiresAt">,
  now = new Date(),
): Promise<boolean> {
  if (!deps.broker) return false;
  const remainingSeconds = Math.floor((command.expiresAt.getTime() - now.getTime()) / 1000);
  if (remainingSeconds < 1) return false;
  const topics = deviceTopics(fleetId, command.deviceId);
  const publish = deps.broker.publish(topics.commands, JSON.stringify(toCommandMessage(command)), {
    qos: 1,
    responseTopic: topics.commandResponse,
    correlationData: Buffer.from(command.id, "utf8"),
    messageExpiryIntervalSeconds: remainingSeconds,
    contentType: "application/json",
  });
  // While the broker is unreachable MQTT.js holds a publish until it reconnects: do not hold the caller.
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("no PUBACK from the broker within 5 s")), 5_000);
  });
  try {
    await Promise.race([publish, timeout]);
    return true;
  } catch (err) {
    deps.log?.warn({ err, commandId: command.id }, "could not publish the command; it stays queued");
    return false;
  } finally {
    clearTimeout(timer);
  }
}
