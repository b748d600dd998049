import { randomUUID } from "node:crypto";
import type { MqttClient } from "mqtt";
import { DYNSEC_TOPIC } from "./mosquitto-dynsec-file.ts";

export interface DynsecCommand {
  command: string;
  [field: string]: unknown;
}

export interface DynsecResponse {
  command: string;
  error?: string;
  data?: unknown;
  correlationData?: string;
}

/**
 * Sends dynamic-security commands over an MQTT connection that holds the admin role and waits for
 * each answer (matched by correlationData). Several commands in one call are one PUBLISH, which
 * the plugin applies in order.
 */
export function createDynsecAdmin(client: MqttClient, { timeoutMs = 5_000 } = {}) {
  const waiting = new Map<string, (response: DynsecResponse) => void>();
  const responseTopic = `${DYNSEC_TOPIC}/response`;
  let subscribed: Promise<unknown> | undefined;

  client.on("message", (topic, payload) => {
    if (topic !== responseTopic) return;
    let parsed: { responses?: DynsecResponse[] };
    try {
      parsed = JSON.parse(payload.toString("utf8"));
    } catch {
      return;
    }
    for (const response of parsed.responses ?? []) {
      const id = response.correlationData;
      if (id) waiting.get(id)?.(response);
    }
  });

  async function send(commands: DynsecCommand[]): Promise<DynsecResponse[]> {
    subscribed ??= client.subscribeAsync(responseTopic, { qos: 1 });
    await subscribed;
    const tagged = commands.map((c) => ({ ...c, correlationData: randomUUID() }));
    const answers = tagged.map(
      (c) =>
        new Promise<DynsecResponse>((resolve, reject) => {
          const timer = setTimeout(() => {
            waiting.delete(c.correlationData);
            reject(new Error(`the broker did not answer the dynamic-security command ${c.command}`));
          }, timeoutMs);
          waiting.set(c.correlationData, (response) => {
            clearTimeout(timer);
            waiting.delete(c.correlationData);
            resolve(response);
          });
        }),
    );
    await client.publishAsync(DYNSEC_TOPIC, JSON.stringify({ commands: tagged }), { qos: 1 });
    return Promise.all(answers);
  }

  return { send };
}

export type DynsecAdmin = ReturnType<typeof createDynsecAdmin>;
