import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { createLogger } from "@fleetwire/core";
import { freePort } from "@fleetwire/infra/free-port";
import mqtt, { type MqttClient } from "mqtt";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  type MessageHandler,
  type ReceivedMessage,
  type SubscriberSession,
  type SubscriberSessionOptions,
  startSubscriberSession,
} from "./subscriber-session.ts";

// A real Mosquitto of its own (the same Debian 2.0 build the platform runs), anonymous on a free
// loopback port with persistence, so the session's protocol behaviour is tested against the
// broker it runs against without the platform's TLS and access control around it.
const dir = mkdtempSync(path.join(tmpdir(), "fleetwire-subscriber-session-"));
let port: number;
let broker: ChildProcess | null = null;
let publisher: MqttClient;
const log = createLogger("subscriber-session-test");
const sessions: SubscriberSession[] = [];
let clientSeq = 0;
const unreleased: (() => void)[] = [];

async function startBroker() {
  const conf = path.join(dir, "mosquitto.conf");
  writeFileSync(
    conf,
    [
      `listener ${port} 127.0.0.1`,
      "allow_anonymous true",
      "persistence true",
      `persistence_location ${dir}/`,
      `user ${userInfo().username}`,
      "max_queued_messages 100000",
    ].join("\n"),
  );
  broker = spawn("mosquitto", ["-c", conf], { stdio: "ignore" });
  for (let i = 0; i < 100; i++) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: "127.0.0.1", port }, () => resolve(socket.end() !== null));
      socket.on("error", () => resolve(false));
    });
    if (open) return;
    await sleep(100);
  }
  throw new Error("mosquitto did not start");
}

async function stopBroker() {
  const proc = broker;
  broker = null;
  if (!proc || proc.exitCode !== null) return;
  const exited = new Promise((resolve) => proc.once("exit", resolve));
  proc.kill("SIGTERM"); // Mosquitto saves its persistence file on SIGTERM
  await exited;
}

beforeAll(async () => {
  port = await freePort();
  await startBroker();
  publisher = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, { protocolVersion: 5, clientId: "test-publisher" });
});

afterEach(async () => {
  // A failed test may leave messages held; graceful stop would wait for them.
  for (const release of unreleased.splice(0)) release();
  await Promise.all(sessions.splice(0).map((s) => s.stop({ endSession: true })));
});

afterAll(async () => {
  await publisher?.endAsync();
  await stopBroker();
  rmSync(dir, { recursive: true, force: true });
});

function options(topic: string, overrides: Partial<SubscriberSessionOptions> = {}): SubscriberSessionOptions {
  return {
    host: "127.0.0.1",
    port,
    clientId: `session-test-${++clientSeq}`,
    sessionExpirySeconds: 600,
    receiveMaximum: 100,
    keepaliveSeconds: 30,
    subscription: { topic, qos: 1 },
    reconnect: { minMs: 100, maxMs: 1_000 },
    connectTimeoutMs: 5_000,
    log,
    ...overrides,
  };
}

async function open(opts: SubscriberSessionOptions, handler: MessageHandler) {
  const session = await startSubscriberSession(opts, handler);
  sessions.push(session);
  return session;
}

/** A handler whose messages wait until the test releases them (each with its reason code). */
function heldHandler() {
  const held: { message: ReceivedMessage; release: (code: number) => void; fail: (e: Error) => void }[] = [];
  const handler: MessageHandler = (message) =>
    new Promise<number>((resolve, reject) => {
      held.push({ message, release: resolve, fail: reject });
      unreleased.push(() => resolve(0));
    });
  return { held, handler };
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

const publishAll = (topic: string, count: number, qos: 0 | 1 | 2 = 1) =>
  Promise.all(Array.from({ length: count }, (_, i) => publisher.publishAsync(topic, String(i), { qos })));

const texts = (messages: ReceivedMessage[]) => messages.map((m) => m.payload.toString());

/** Messages a fresh connection of the same session receives (what the broker still holds for it). */
async function redelivered(clientId: string, topic: string, settleMs = 1_000) {
  const got: ReceivedMessage[] = [];
  const session = await open(options(topic, { clientId }), async (m) => {
    got.push(m);
    return 0;
  });
  await sleep(settleMs);
  await session.stop({ endSession: true });
  return got;
}

describe("MQTT 5 subscriber session", () => {
  it("has up to receiveMaximum messages in flight and acknowledges each only after its handler resolved", async () => {
    const topic = "t/inflight";
    const { held, handler } = heldHandler();
    // 40: above Mosquitto's max_inflight_messages default of 20, which applies to MQTT 3 clients only.
    const opts = options(topic, { receiveMaximum: 40 });
    const session = await open(opts, handler);
    await publishAll(topic, 100);
    await waitFor(() => held.length === 40, "40 messages in flight");
    await sleep(300);
    expect(held).toHaveLength(40); // the broker keeps to the Receive Maximum
    expect(session.inFlight()).toBe(40);
    // Released out of order: the rest of the queue flows as acknowledgements go out.
    for (const h of held.slice(0, 40).reverse()) h.release(0);
    let released = 40;
    let most = 0;
    await waitFor(() => {
      most = Math.max(most, session.inFlight());
      for (; released < held.length; released++) held[released]?.release(0);
      return held.length === 100;
    }, "the other 60");
    await waitFor(() => session.inFlight() === 0, "all acknowledged");
    // Mosquitto 2.0 may send more than the Receive Maximum once acknowledgements flow; the session
    // keeps to it by itself.
    expect(most).toBeLessThanOrEqual(40);
    expect(new Set(texts(held.map((h) => h.message))).size).toBe(100);
    await session.stop();
    sessions.splice(sessions.indexOf(session), 1);
    expect(await redelivered(opts.clientId, topic)).toEqual([]);
  });

  it("a message whose handler fails is not acknowledged: the session reconnects and the broker redelivers it", async () => {
    const topic = "t/failure";
    let calls = 0;
    const got: string[] = [];
    await open(options(topic), async (m) => {
      calls++;
      if (calls === 1) throw new Error("Kafka unavailable");
      got.push(m.payload.toString());
      return 0;
    });
    await publisher.publishAsync(topic, "only", { qos: 1 });
    await waitFor(() => got.length === 1, "the redelivery");
    expect(got).toEqual(["only"]);
    expect(calls).toBe(2);
  });

  it("graceful stop acknowledges what is being stored and leaves everything else with the broker", async () => {
    const topic = "t/stop";
    const { held, handler } = heldHandler();
    const opts = options(topic, { receiveMaximum: 10 });
    const session = await open(opts, handler);
    await publishAll(topic, 40);
    await waitFor(() => held.length === 10, "10 in flight");
    const stopped = session.stop();
    sessions.splice(sessions.indexOf(session), 1);
    for (const h of held) h.release(0);
    await stopped;
    const rest = await redelivered(opts.clientId, topic);
    const first = texts(held.map((h) => h.message));
    expect(rest).toHaveLength(30);
    expect([...first, ...texts(rest)].sort()).toEqual(Array.from({ length: 40 }, (_, i) => String(i)).sort());
  });

  it("keeps its session while disconnected: messages published meanwhile arrive at the next start", async () => {
    const topic = "t/persistent";
    const opts = options(topic);
    const first = await open(opts, async () => 0);
    await first.stop();
    sessions.splice(sessions.indexOf(first), 1);
    await publishAll(topic, 5);
    const got = await redelivered(opts.clientId, topic);
    expect(texts(got).sort()).toEqual(["0", "1", "2", "3", "4"]);
  });

  it("QoS 2: stored once, PUBREC with the handler's code, PUBREL answered; QoS 0 handed over without acknowledgement", async () => {
    const topic = "t/qos";
    const got: ReceivedMessage[] = [];
    const opts = options(topic, { subscription: { topic, qos: 2 } });
    const session = await open(opts, async (m) => {
      got.push(m);
      return 0;
    });
    await publisher.publishAsync(topic, "two", { qos: 2 });
    await publisher.publishAsync(topic, "zero", { qos: 0 });
    await waitFor(() => got.length === 2, "both messages");
    expect(got.map((m) => [m.payload.toString(), m.qos]).sort()).toEqual([
      ["two", 2],
      ["zero", 0],
    ]);
    await sleep(300); // PUBREL/PUBCOMP
    await session.stop();
    sessions.splice(sessions.indexOf(session), 1);
    expect(await redelivered(opts.clientId, topic)).toEqual([]);
  });

  it("pings within its keep-alive, so an idle session stays connected", async () => {
    const session = await open(options("t/idle", { keepaliveSeconds: 1 }), async () => 0);
    await sleep(3_500); // Mosquitto disconnects a client silent for 1.5 x keep-alive
    expect(session.connected()).toBe(true);
  });

  it("reconnects after the broker restarts and resumes its session", async () => {
    const topic = "t/restart";
    const got: string[] = [];
    const session = await open(options(topic), async (m) => {
      got.push(m.payload.toString());
      return 0;
    });
    await stopBroker();
    await waitFor(() => !session.connected(), "the disconnect");
    await startBroker();
    publisher.reconnect();
    await waitFor(() => session.connected() && publisher.connected, "both reconnected");
    await publisher.publishAsync(topic, "after", { qos: 1 });
    await waitFor(() => got.length === 1, "the message after the restart");
    expect(got).toEqual(["after"]);
  }, 60_000);

  it("a failed first connection rejects instead of retrying", async () => {
    const closed = await freePort();
    await expect(startSubscriberSession(options("t/none", { port: closed }), async () => 0)).rejects.toThrow();
  });
});
