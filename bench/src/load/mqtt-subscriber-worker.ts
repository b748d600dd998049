/**
 * A subscriber thread for the Mosquitto pass-through baseline: QoS 1, counts deliveries and
 * measures publish -> delivery from the timestamp each payload carries. Stops on any message
 * from the parent and posts { received, latencies, cpuSeconds } (this thread's CPU while ready).
 */
import { parentPort, workerData } from "node:worker_threads";
import mqtt from "mqtt";
import { LatencyRecorder } from "../stats/latency-summary.ts";
import { threadCpuSeconds } from "./thread-cpu.ts";

const { url, username, password, filter, clientId } = workerData as {
  url: string;
  username: string;
  password: string;
  filter: string;
  clientId: string;
};
const now = () => performance.timeOrigin + performance.now();

async function main() {
  const client = await mqtt.connectAsync(url, {
    protocolVersion: 5,
    clientId,
    username,
    password,
    clean: true,
    reconnectPeriod: 0,
    properties: { receiveMaximum: 65_535 },
  });
  await client.subscribeAsync(filter, { qos: 1 });
  const recorder = new LatencyRecorder(200_000);
  let received = 0;
  client.on("message", (_topic, payload) => {
    received += 1;
    const sentAt = Number(payload.toString());
    if (Number.isFinite(sentAt)) recorder.record(now() - sentAt);
  });
  const cpuAtReady = threadCpuSeconds();
  parentPort?.postMessage({ type: "ready" });
  parentPort?.once("message", async () => {
    const cpuSeconds = threadCpuSeconds() - cpuAtReady;
    await client.endAsync(true).catch(() => {});
    parentPort?.postMessage({ type: "report", received, latencies: recorder.samples(), cpuSeconds });
  });
}

main().catch((error: Error) => parentPort?.postMessage({ type: "error", message: error.stack ?? error.message }));
