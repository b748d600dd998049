import net from "node:net";
import type { Logger } from "@fleetwire/core";
import { generate, type IPublishPacket, type Packet, parser as packetParser, type QoS } from "mqtt-packet";

const MQTT5 = { protocolVersion: 5 } as const;

/** CONNACK reason codes worth naming in an error (the bridge's start-up message matches on them). */
const CONNACK_REASONS: Record<number, string> = {
  0x80: "Unspecified error",
  0x84: "Unsupported protocol version",
  0x85: "Client identifier not valid",
  0x86: "Bad user name or password",
  0x87: "Not authorized",
  0x88: "Server unavailable",
  0x89: "Server busy",
  0x8a: "Banned",
  0x9f: "Connection rate exceeded",
};

export interface ReceivedMessage {
  topic: string;
  payload: Buffer;
  qos: QoS;
}

/**
 * Takes one message and resolves with the PUBACK/PUBREC reason code once it is safely stored
 * downstream. Rejecting means "not stored": the message stays unacknowledged and the session
 * reconnects so that the broker redelivers it.
 */
export type MessageHandler = (message: ReceivedMessage) => Promise<number>;

export interface SubscriberSessionOptions {
  host: string;
  port: number;
  clientId: string;
  username?: string;
  password?: string;
  /** Persistent session: clean start false, kept by the broker this long after a disconnect. */
  sessionExpirySeconds: number;
  /** Unacknowledged QoS 1/2 messages the broker may send at once: the session's in-flight bound. */
  receiveMaximum: number;
  keepaliveSeconds: number;
  /** Subscribed at every (re)connect; null only to resume an existing session without subscribing. */
  subscription: { topic: string; qos: QoS } | null;
  reconnect: { minMs: number; maxMs: number };
  connectTimeoutMs: number;
  log: Logger;
}

export interface SubscriberSession {
  /** Whether the broker's CONNACK (and SUBACK) for the current connection arrived. */
  connected(): boolean;
  /** Whether the broker still had this session when the first connection was accepted. */
  readonly sessionPresent: boolean;
  /** QoS 1/2 messages received and not yet acknowledged (handlers still running). */
  inFlight(): number;
  /** Milliseconds since the last PUBLISH arrived (since the start if none did). */
  idleMs(): number;
  /** Stops new messages reaching this session (UNSUBSCRIBE); already queued ones still arrive. */
  unsubscribe(topic: string): Promise<void>;
  /**
   * Graceful stop: messages that arrive from now on are left unacknowledged with the broker,
   * handlers already running finish and get their acknowledgement, then DISCONNECT. With
   * `endSession` the broker discards the session (session expiry 0) instead of keeping it.
   */
  stop(options?: { endSession?: boolean }): Promise<void>;
}

interface PendingAck {
  messageId: number;
  qos: 1 | 2;
  /** The reason code once the handler resolved; until then later acknowledgements wait. */
  code: number | null;
}

/** One TCP connection of the session; acknowledgements only ever go out on the one they belong to. */
interface Connection {
  socket: net.Socket;
  /** In arrival order: MQTT 5 [MQTT-4.6.0-2/3] wants PUBACK/PUBREC in the order of the PUBLISHes. */
  acks: PendingAck[];
  ready: boolean;
  pingOutstanding: boolean;
  corked: boolean;
  /** Not reading: the session's own in-flight bound is reached. */
  paused: boolean;
  /** PUBLISHes read beyond the bound (at most one read's worth), waiting for a free slot. */
  backlog: IPublishPacket[];
}

/**
 * An MQTT 5 subscriber session on the `mqtt-packet` parser and generator, made for the ingest
 * bridge's one job: read PUBLISH packets continuously and acknowledge each one only when its
 * handler says it is stored. Unlike MQTT.js (which reads a connection's next packet only after
 * the previous message was acknowledged) up to `receiveMaximum` messages are in flight per
 * session, bounded by the broker itself. Keep-alive pings, reconnect with exponential backoff;
 * the session is persistent, so whatever was not acknowledged when a connection or the process
 * died is redelivered by the broker.
 *
 * Resolves once the first connection is accepted and subscribed; rejects if that first attempt
 * fails (wrong address or credentials are a configuration error, not something to retry).
 */
export function startSubscriberSession(
  options: SubscriberSessionOptions,
  handler: MessageHandler,
): Promise<SubscriberSession> {
  const { log, clientId } = options;
  let current: Connection | null = null;
  let stopping = false;
  let attempts = 0;
  let everReady = false;
  let sessionPresent = false;
  let lastPublishAt = Date.now();
  let nextPacketId = 1;
  let reconnectTimer: NodeJS.Timeout | null = null;
  let pingTimer: NodeJS.Timeout | null = null;
  let inFlight = 0;
  const running = new Set<Promise<void>>();
  /** QoS 2 ids already PUBREC'd, waiting for PUBREL: a resent PUBLISH with one is not a new message. */
  const awaitingRelease = new Set<number>();
  const unsubscribing = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  let first: { resolve: () => void; reject: (error: Error) => void } | null = null;
  let closed: (() => void) | null = null;
  let stopped: Promise<void> | null = null;

  const packetId = () => {
    const id = nextPacketId;
    nextPacketId = nextPacketId === 0xffff ? 1 : nextPacketId + 1;
    return id;
  };

  const send = (conn: Connection, packet: Packet) => {
    if (conn !== current || conn.socket.destroyed) return;
    // Acknowledgements completed in the same tick go out in one write.
    if (!conn.corked) {
      conn.corked = true;
      conn.socket.cork();
      process.nextTick(() => {
        conn.corked = false;
        conn.socket.uncork();
      });
    }
    conn.socket.write(generate(packet, MQTT5));
  };

  const drop = (conn: Connection, reason: string, error?: Error) => {
    if (conn.socket.destroyed) return;
    if (!stopping) log.warn({ clientId, err: error }, `MQTT session: ${reason}; reconnecting`);
    conn.socket.destroy();
  };

  const flushAcks = (conn: Connection) => {
    while (conn.acks.length > 0 && conn.acks[0]?.code !== null) {
      const ack = conn.acks.shift() as PendingAck;
      const reasonCode = ack.code as number;
      if (ack.qos === 1) send(conn, { cmd: "puback", messageId: ack.messageId, reasonCode });
      else {
        if (reasonCode < 0x80) awaitingRelease.add(ack.messageId);
        send(conn, { cmd: "pubrec", messageId: ack.messageId, reasonCode });
      }
    }
  };

  const onPublish = (conn: Connection, packet: IPublishPacket) => {
    lastPublishAt = Date.now();
    // Stopping: leave it unacknowledged; the broker keeps it in the session for the next start.
    if (stopping) return;
    const message = { topic: packet.topic, payload: packet.payload as Buffer, qos: packet.qos };
    if (packet.qos === 0) {
      const work = handler(message).then(
        () => {},
        (error: Error) => log.error({ err: error, clientId }, "QoS 0 message could not be ingested (not redelivered)"),
      );
      running.add(work);
      void work.finally(() => running.delete(work));
      return;
    }
    const messageId = packet.messageId as number;
    if (packet.qos === 2 && awaitingRelease.has(messageId)) {
      // Already stored and PUBREC'd before a reconnect: confirm again, do not store twice.
      conn.acks.push({ messageId, qos: 2, code: 0 });
      flushAcks(conn);
      return;
    }
    // Mosquitto 2.0 overshoots the Receive Maximum (it moves queued messages in flight before it
    // counts the sends), so the session holds the bound itself: what arrives beyond it waits here,
    // in order, and the socket is not read until the backlog is worked off.
    if (inFlight >= options.receiveMaximum || conn.backlog.length > 0) {
      conn.backlog.push(packet);
      if (!conn.paused) {
        conn.paused = true;
        conn.socket.pause();
      }
      return;
    }
    store(conn, packet);
  };

  const store = (conn: Connection, packet: IPublishPacket) => {
    const message = { topic: packet.topic, payload: packet.payload as Buffer, qos: packet.qos };
    const ack: PendingAck = { messageId: packet.messageId as number, qos: packet.qos as 1 | 2, code: null };
    conn.acks.push(ack);
    inFlight++;
    const work = handler(message).then(
      (code) => {
        ack.code = code;
        flushAcks(conn);
      },
      (error: Error) => drop(conn, "a message could not be stored, so the broker is to redeliver it", error),
    );
    running.add(work);
    void work.finally(() => {
      inFlight--;
      running.delete(work);
      // The current connection: after a reconnect, handlers of the old one still count.
      const next = current;
      if (!next?.paused || stopping) return;
      while (inFlight < options.receiveMaximum && next.backlog.length > 0)
        store(next, next.backlog.shift() as IPublishPacket);
      if (next.backlog.length === 0) {
        next.paused = false;
        next.socket.resume();
      }
    });
  };

  const onPacket = (conn: Connection, packet: Packet) => {
    switch (packet.cmd) {
      case "publish":
        return onPublish(conn, packet);
      case "pubrel":
        awaitingRelease.delete(packet.messageId as number);
        return send(conn, { cmd: "pubcomp", messageId: packet.messageId as number, reasonCode: 0 });
      case "pingresp":
        conn.pingOutstanding = false;
        return;
      case "connack":
        return onConnack(conn, packet.reasonCode ?? 0, packet.sessionPresent, packet.properties?.serverKeepAlive);
      case "suback":
        return onSuback(conn, packet.granted as number[]);
      case "unsuback":
        unsubscribing.get(packet.messageId as number)?.resolve();
        unsubscribing.delete(packet.messageId as number);
        return;
      case "disconnect":
        return drop(conn, `the broker disconnected the session (reason 0x${(packet.reasonCode ?? 0).toString(16)})`);
      default:
        return drop(conn, `unexpected ${packet.cmd} packet from the broker`);
    }
  };

  const becomeReady = (conn: Connection) => {
    conn.ready = true;
    attempts = 0;
    everReady = true;
    first?.resolve();
    first = null;
  };

  const onConnack = (conn: Connection, reasonCode: number, present: boolean, serverKeepAlive?: number) => {
    if (reasonCode >= 0x80) {
      const name = CONNACK_REASONS[reasonCode] ?? "refused";
      const error = new Error(`CONNACK 0x${reasonCode.toString(16)}: ${name}`);
      first?.reject(error);
      first = null;
      return drop(conn, `connection refused (${error.message})`);
    }
    if (!everReady) sessionPresent = present;
    startPing(conn, serverKeepAlive ?? options.keepaliveSeconds);
    if (!options.subscription) return becomeReady(conn);
    const { topic, qos } = options.subscription;
    send(conn, { cmd: "subscribe", messageId: packetId(), subscriptions: [{ topic, qos }] });
  };

  const onSuback = (conn: Connection, granted: number[]) => {
    const code = granted[0];
    if (code === undefined || code >= 0x80) {
      const error = new Error(`subscription to ${options.subscription?.topic} refused (${code})`);
      first?.reject(error);
      first = null;
      return drop(conn, error.message);
    }
    becomeReady(conn);
  };

  const startPing = (conn: Connection, seconds: number) => {
    if (pingTimer) clearInterval(pingTimer);
    if (seconds <= 0) return;
    pingTimer = setInterval(() => {
      if (conn !== current) return;
      // While paused the PINGRESP may be unread in the socket; the broker still sees our PINGREQs.
      if (conn.pingOutstanding && !conn.paused) return drop(conn, `no PINGRESP within ${seconds} s`);
      conn.pingOutstanding = true;
      send(conn, { cmd: "pingreq" });
    }, seconds * 1000);
    pingTimer.unref();
  };

  const connect = () => {
    reconnectTimer = null;
    const socket = net.connect({ host: options.host, port: options.port, noDelay: true });
    const conn: Connection = {
      socket,
      acks: [],
      ready: false,
      pingOutstanding: false,
      corked: false,
      paused: false,
      backlog: [],
    };
    current = conn;
    const parser = packetParser(MQTT5);
    parser.on("packet", (packet: Packet) => onPacket(conn, packet));
    parser.on("error", (error: Error) => drop(conn, "malformed packet from the broker", error));
    const timeout = setTimeout(() => {
      if (!conn.ready) drop(conn, `no CONNACK/SUBACK within ${options.connectTimeoutMs} ms`);
    }, options.connectTimeoutMs);
    socket.on("connect", () =>
      send(conn, {
        cmd: "connect",
        protocolVersion: 5,
        clientId,
        clean: false,
        keepalive: options.keepaliveSeconds,
        ...(options.username !== undefined ? { username: options.username } : {}),
        ...(options.password !== undefined ? { password: Buffer.from(options.password) } : {}),
        properties: { sessionExpiryInterval: options.sessionExpirySeconds, receiveMaximum: options.receiveMaximum },
      }),
    );
    socket.on("data", (chunk: Buffer) => parser.parse(chunk));
    socket.on("error", (error: Error) => {
      if (first && !everReady) {
        first.reject(error);
        first = null;
      }
      if (!stopping) log.warn({ err: error, clientId }, "MQTT session: socket error");
    });
    socket.on("close", () => {
      clearTimeout(timeout);
      if (current !== conn) return;
      current = null;
      for (const pending of unsubscribing.values()) pending.reject(new Error("connection lost before UNSUBACK"));
      unsubscribing.clear();
      if (pingTimer) clearInterval(pingTimer);
      pingTimer = null;
      if (stopping || first) {
        // A failed first attempt is reported to the caller, not retried.
        first?.reject(new Error("connection closed before the session was established"));
        first = null;
        closed?.();
        return;
      }
      if (!everReady && !first) return; // start() already failed
      const delay = Math.min(options.reconnect.maxMs, options.reconnect.minMs * 2 ** attempts);
      attempts++;
      reconnectTimer = setTimeout(connect, delay * (0.5 + Math.random() / 2));
    });
  };

  const session: SubscriberSession = {
    connected: () => current?.ready === true,
    get sessionPresent() {
      return sessionPresent;
    },
    inFlight: () => inFlight,
    idleMs: () => Date.now() - lastPublishAt,
    unsubscribe(topic) {
      const conn = current;
      if (!conn?.ready) return Promise.reject(new Error("not connected"));
      return new Promise<void>((resolve, reject) => {
        const messageId = packetId();
        unsubscribing.set(messageId, { resolve, reject });
        send(conn, { cmd: "unsubscribe", messageId, unsubscriptions: [topic] });
      });
    },
    stop({ endSession = false } = {}) {
      stopped ??= stopSession(endSession);
      return stopped;
    },
  };

  async function stopSession(endSession: boolean) {
    stopping = true;
    if (reconnectTimer) clearTimeout(reconnectTimer);
    reconnectTimer = null;
    // Messages already being stored finish and are acknowledged before the goodbye.
    while (running.size > 0) await Promise.allSettled([...running]);
    const conn = current;
    if (!conn || conn.socket.destroyed) return;
    const done = new Promise<void>((resolve) => {
      closed = resolve;
    });
    send(conn, {
      cmd: "disconnect",
      reasonCode: 0,
      ...(endSession ? { properties: { sessionExpiryInterval: 0 } } : {}),
    });
    conn.socket.resume(); // a paused socket would not see the broker close it
    conn.socket.end();
    const force = setTimeout(() => conn.socket.destroy(), 5_000);
    await done;
    clearTimeout(force);
  }

  return new Promise<SubscriberSession>((resolve, reject) => {
    first = { resolve: () => resolve(session), reject };
    connect();
  });
}
