import { setTimeout as sleep } from "node:timers/promises";
import { signCoapTelemetry } from "@fleetwire/ingest";
import coap from "coap";
import { Agent, request } from "undici";
import type { BenchDevice } from "../fixtures/bench-devices.ts";
import { fmtInt, fmtLatency, table } from "../stats/format.ts";
import { LatencyRecorder, type LatencySummary } from "../stats/latency-summary.ts";
import { type BenchContext, pick, type Suite } from "./suite.ts";

interface ClosedLoopResult {
  concurrency: number;
  requests: number;
  ok: number;
  failed: Record<string, number>;
  perSecond: number;
  messagesPerSecond: number;
  latencyMs: LatencySummary;
}

/**
 * `concurrency` loops, each sending its next request when the last one is answered, for a bounded
 * time and count; only answers after the warm-up are measured.
 */
async function closedLoop(
  concurrency: number,
  durationMs: number,
  messagesPerRequest: number,
  send: (loop: number, seq: number) => Promise<string>,
): Promise<ClosedLoopResult> {
  const warmupMs = 1_000;
  const recorder = new LatencyRecorder(100_000);
  const failed: Record<string, number> = {};
  let requests = 0;
  let ok = 0;
  let measured = 0;
  const start = performance.now();
  const deadline = start + durationMs;
  const loops = Array.from({ length: concurrency }, async (_, loop) => {
    for (let seq = 0; performance.now() < deadline && requests < 2_000_000; seq++) {
      requests += 1;
      const t = performance.now();
      const outcome = await send(loop, seq).catch((error: Error) => `error ${error.message.slice(0, 60)}`);
      const now = performance.now();
      if (outcome === "ok") {
        ok += 1;
        if (t >= start + warmupMs && now <= deadline) {
          measured += 1;
          recorder.record(now - t);
        }
      } else failed[outcome] = (failed[outcome] ?? 0) + 1;
    }
  });
  await Promise.all(loops);
  const perSecond = measured / ((durationMs - warmupMs) / 1000);
  return {
    concurrency,
    requests,
    ok,
    failed,
    perSecond: Math.round(perSecond),
    messagesPerSecond: Math.round(perSecond * messagesPerRequest),
    latencyMs: recorder.summary(),
  };
}

const envelope = (id: string) => ({
  message_id: id,
  timestamp: Date.now(),
  metrics: { temperature: 21.5, humidity: 40 },
});

async function httpIngest(ctx: BenchContext, devices: BenchDevice[], caPem: string, batch: number) {
  const url = `https://127.0.0.1:${ctx.config.ports.ingestHttps}`;
  const agents = devices.map(
    (d) =>
      new Agent({ connect: { ca: caPem, cert: d.certPem, key: d.keyPem, rejectUnauthorized: true }, connections: 2 }),
  );
  try {
    return await closedLoop(pick(ctx, 32, 64), pick(ctx, 5_000, 20_000), batch, async (loop, seq) => {
      const device = loop % devices.length;
      const ids = Array.from({ length: batch }, (_, i) => `${ctx.runId}h${batch}-${loop}-${seq}-${i}`);
      const body = JSON.stringify(batch === 1 ? envelope(ids[0] as string) : { messages: ids.map(envelope) });
      const response = await request(`${url}/v1/telemetry`, {
        method: "POST",
        body,
        headers: { "content-type": "application/json" },
        dispatcher: agents[device],
      });
      await response.body.dump();
      return response.statusCode === 202 ? "ok" : `HTTP ${response.statusCode}`;
    });
  } finally {
    await Promise.all(agents.map((a) => a.close()));
  }
}

async function coapIngest(ctx: BenchContext, devices: BenchDevice[]) {
  const agent = new coap.Agent({ type: "udp4" });
  try {
    return await closedLoop(pick(ctx, 32, 64), pick(ctx, 5_000, 20_000), 1, (loop, seq) => {
      const device = devices[loop % devices.length] as BenchDevice;
      const payload = Buffer.from(JSON.stringify(envelope(`${ctx.runId}c-${loop}-${seq}`)));
      const sig = signCoapTelemetry(device.psk.key, device.id, payload);
      return new Promise<string>((resolve, reject) => {
        const req = coap.request({
          host: "127.0.0.1",
          port: ctx.config.ports.coap,
          method: "POST",
          pathname: `/t/${device.id}`,
          query: `psk_id=${encodeURIComponent(device.psk.identity)}&sig=${sig}`,
          confirmable: true,
          agent,
        });
        req.on("response", (res: { code: string }) => resolve(res.code === "2.04" ? "ok" : `CoAP ${res.code}`));
        req.on("error", reject);
        req.on("timeout", () => reject(new Error("timeout")));
        req.end(payload);
      });
    });
  } finally {
    agent.close();
    await sleep(100);
  }
}

/**
 * HTTPS ingest (POST /v1/telemetry, mutual TLS with device certificates; undici, keep-alive; wrk
 * cannot present client certificates) and CoAP ingest (plain UDP, PSK-signed requests), each
 * answered only after Kafka acknowledged: requests per second with closed-loop concurrency.
 */
export const httpCoapIngest: Suite = {
  name: "http-coap-ingest",
  title: "HTTP and CoAP ingest",
  async run(ctx) {
    const fixtures = await ctx.devices(pick(ctx, 16, 32));
    const devices = fixtures.devices.slice(0, pick(ctx, 16, 32));
    ctx.log("  HTTPS, one message per request");
    const single = await httpIngest(ctx, devices, fixtures.caPem, 1);
    ctx.log("  HTTPS, 50 messages per request");
    const batched = await httpIngest(ctx, devices, fixtures.caPem, 50);
    ctx.log("  CoAP");
    const coapResult = await coapIngest(ctx, devices);
    const row = (label: string, r: ClosedLoopResult) => [
      label,
      r.concurrency,
      fmtInt(r.perSecond),
      fmtInt(r.messagesPerSecond),
      fmtLatency(r.latencyMs),
      Object.entries(r.failed)
        .map(([k, v]) => `${k}: ${v}`)
        .join(", ") || "0",
    ];
    return {
      data: { https: single, httpsBatch50: batched, coap: coapResult },
      markdown: [
        `${devices.length} devices; HTTPS: undici with each device's certificate (2 keep-alive connections per device), CoAP: confirmable POSTs signed with the device PSK. Closed loop: each of the concurrent loops sends its next request when the last is answered (202 / 2.04 come after the Kafka acknowledgement).`,
        "",
        ...table(
          ["endpoint", "concurrency", "requests/s", "messages/s", "latency", "failures"],
          [
            row("HTTPS /v1/telemetry, 1 message", single),
            row("HTTPS /v1/telemetry, batch of 50", batched),
            row("CoAP POST /t/{device}", coapResult),
          ],
        ),
      ],
    };
  },
};
