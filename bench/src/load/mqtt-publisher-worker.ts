/**
 * A load worker thread: connects its share of clients, publishes QoS 1 for a bounded time and
 * count, measures publish -> PUBACK, and posts one PublishLoadReport. Runs in a worker so the
 * measuring thread's event loop never waits behind the load it generates.
 */
import { parentPort, workerData } from "node:worker_threads";
import mqtt, { type MqttClient } from "mqtt";
import { LatencyRecorder } from "../stats/latency-summary.ts";
import type { LoadClient, PublishLoadReport, PublishLoadSpec } from "./load-types.ts";
import { threadCpuSeconds } from "./thread-cpu.ts";

const spec = workerData as PublishLoadSpec & { workerIndex: number };
const now = () => performance.timeOrigin + performance.now();

function connect(client: LoadClient): Promise<MqttClient> {
  return mqtt.connectAsync(spec.url, {
    protocolVersion: 5,
    clientId: client.id,
    clean: true,
    keepalive: 60,
    reconnectPeriod: 0,
    connectTimeout: 30_000,
    ...(client.username ? { username: client.username, password: client.password } : {}),
    ...(client.tls
      ? { ca: client.tls.caPem, cert: client.tls.certPem, key: client.tls.keyPem, rejectUnauthorized: true }
      : {}),
  });
}

async function main() {
  const t0 = now();
  const clients: MqttClient[] = [];
  // Connect in small groups: hundreds of simultaneous TLS handshakes only time each other out.
  for (let i = 0; i < spec.clients.length; i += 16) {
    clients.push(...(await Promise.all(spec.clients.slice(i, i + 16).map(connect))));
  }
  const connectMs = now() - t0;
  parentPort?.postMessage({ type: "connected", connectMs });
  await new Promise<void>((resolve) => parentPort?.once("message", () => resolve())); // start signal
  const cpuAtStart = threadCpuSeconds();

  const recorder = new LatencyRecorder(100_000);
  const inFlight = new Int32Array(clients.length);
  const refused: Record<string, number> = {};
  let published = 0;
  let acknowledged = 0;
  let errors = 0;
  let shed = 0;
  let measuredAcks = 0;
  let seq = 0;
  const start = now();
  const measureFrom = start + spec.warmupMs;
  const deadline = start + spec.durationMs;
  let stopped = false;
  let measureEnd = deadline;

  const payloadFor = (sentAt: number) => {
    seq += 1;
    if (spec.payload === "timestamp") return `${sentAt}`;
    return JSON.stringify({
      message_id: `${spec.runId}-${spec.workerIndex}-${seq}`,
      timestamp: Math.floor(sentAt),
      metrics: { temperature: 20 + (seq % 100) / 10, humidity: 40 + (seq % 20) },
    });
  };

  let settle: () => void = () => {};
  const drained = new Promise<void>((resolve) => {
    settle = resolve;
  });
  const maybeDone = () => {
    if (stopped && published === acknowledged + errors) settle();
  };

  const publishOne = (index: number, onAck?: () => void) => {
    const client = clients[index] as MqttClient;
    const topic = (spec.clients[index] as LoadClient).topic;
    const sentAt = now();
    published += 1;
    inFlight[index] = (inFlight[index] ?? 0) + 1;
    client.publish(topic, payloadFor(sentAt), { qos: 1 }, (error, packet) => {
      inFlight[index] = (inFlight[index] ?? 1) - 1;
      const ackAt = now();
      if (error) {
        const code = (error as { code?: number }).code;
        if (typeof code === "number") refused[`0x${code.toString(16)}`] = (refused[`0x${code.toString(16)}`] ?? 0) + 1;
        else errors += 1;
        if (typeof code === "number") acknowledged += 1;
      } else {
        acknowledged += 1;
        const reason = (packet as { reasonCode?: number } | undefined)?.reasonCode ?? 0;
        if (reason >= 0x80) refused[`0x${reason.toString(16)}`] = (refused[`0x${reason.toString(16)}`] ?? 0) + 1;
        else if (sentAt >= measureFrom && ackAt <= measureEnd) {
          measuredAcks += 1;
          recorder.record(ackAt - sentAt);
        }
      }
      onAck?.();
      maybeDone();
    });
  };

  const canSend = () => !stopped && published < spec.maxMessages && now() < deadline;

  if (spec.mode === "closed") {
    const next = (index: number) => {
      if (canSend()) publishOne(index, () => next(index));
    };
    clients.forEach((_, index) => {
      for (let w = 0; w < spec.window; w++) next(index);
    });
  } else {
    let cursor = 0;
    const tick = () => {
      if (!canSend()) return;
      const due = Math.floor(((now() - start) / 1000) * spec.rate) - published - shed;
      for (let n = 0; n < due && published < spec.maxMessages; n++) {
        cursor = (cursor + 1) % clients.length;
        if ((inFlight[cursor] ?? 0) >= spec.maxInFlightPerClient) shed += 1;
        else publishOne(cursor);
      }
      setTimeout(tick, 2);
    };
    tick();
  }

  await new Promise((resolve) => setTimeout(resolve, Math.max(0, deadline - now())));
  stopped = true;
  measureEnd = Math.min(measureEnd, now());
  maybeDone();
  // Messages still in flight get a bounded grace to be acknowledged, then count as errors.
  await Promise.race([drained, new Promise((resolve) => setTimeout(resolve, 15_000))]);
  const unanswered = published - acknowledged - errors;
  errors += unanswered;
  const cpuSeconds = threadCpuSeconds() - cpuAtStart;
  await Promise.all(clients.map((c) => c.endAsync(true).catch(() => {})));

  const report: PublishLoadReport = {
    published,
    acknowledged,
    refused,
    errors,
    shed,
    measuredAcks,
    measuredMs: Math.max(0, measureEnd - measureFrom),
    ackLatencies: recorder.samples(),
    connectMs,
    cpuSeconds,
  };
  parentPort?.postMessage({ type: "report", report });
}

main().catch((error: Error) => {
  parentPort?.postMessage({ type: "error", message: error.stack ?? error.message });
});
