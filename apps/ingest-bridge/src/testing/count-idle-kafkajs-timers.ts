import { setTimeout as sleep } from "node:timers/promises";
import { Kafka, logLevel } from "kafkajs";

/**
 * `tsx count-idle-kafkajs-timers.ts <broker>`: connects a kafkajs admin client, makes one request,
 * then counts the timers kafkajs schedules in the next 500 ms while nothing is asked of it, and
 * prints the count. A process of its own, so kafkajs runs as it does in the platform's services
 * (under the test runner's module loader the count is not observable).
 */
const broker = process.argv[2] as string;
const admin = new Kafka({ clientId: "idle-timers", brokers: [broker], logLevel: logLevel.NOTHING }).admin();
await admin.connect();
await admin.listTopics();
let scheduled = 0;
const setTimeoutBefore = globalThis.setTimeout;
globalThis.setTimeout = ((...args: Parameters<typeof setTimeout>) => {
  scheduled++;
  return setTimeoutBefore(...args);
}) as typeof setTimeout;
await sleep(500); // node:timers/promises does not go through globalThis.setTimeout
globalThis.setTimeout = setTimeoutBefore;
await admin.disconnect();
process.stdout.write(`${scheduled}\n`);
