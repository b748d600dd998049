import dgram from "node:dgram";
import net from "node:net";
import tls from "node:tls";
import { redactUrl } from "@fleetwire/config";
import { Redis } from "ioredis";
import pg from "pg";

/** What every health check answers: one line a person can act on. */
export interface ProbeResult {
  ok: boolean;
  detail: string;
}

const describe = (error: unknown) =>
  error instanceof Error ? error.message || ((error as NodeJS.ErrnoException).code ?? error.name) : String(error);

export async function probeDatabase(databaseUrl: string, timeoutMs = 3000): Promise<ProbeResult> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: timeoutMs });
  try {
    await client.connect();
    const { rows } = await client.query<{ server_version: string }>("show server_version");
    return { ok: true, detail: `PostgreSQL ${rows[0]?.server_version ?? "?"} at ${redactUrl(databaseUrl)}` };
  } catch (error) {
    return { ok: false, detail: `cannot reach ${redactUrl(databaseUrl)} (${describe(error)})` };
  } finally {
    await client.end().catch(() => {});
  }
}

export async function probeRedis(redisUrl: string, timeoutMs = 3000): Promise<ProbeResult> {
  const redis = new Redis(redisUrl, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on("error", () => {});
  try {
    await redis.connect();
    await redis.ping();
    return { ok: true, detail: `Redis at ${redactUrl(redisUrl)}` };
  } catch (error) {
    return { ok: false, detail: `cannot reach ${redactUrl(redisUrl)} (${describe(error)})` };
  } finally {
    redis.disconnect();
  }
}

/** GETs a service's /health endpoint; healthy when it answers 200. */
export async function probeHttp(url: string, timeoutMs = 3000): Promise<ProbeResult> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    const body = await response.text();
    return response.ok
      ? { ok: true, detail: `${url} answered ${response.status}` }
      : { ok: false, detail: `${url} answered ${response.status}: ${body.slice(0, 200)}` };
  } catch (error) {
    return {
      ok: false,
      detail: `${url} unreachable (${describe(error instanceof Error && error.cause ? error.cause : error)})`,
    };
  }
}

/**
 * Completes a TLS handshake and checks the server's chain against `caPem`. With a client
 * certificate it proves a mutual-TLS listener end to end; without one, a listener that requires
 * client certificates may still finish the handshake before refusing, which is enough to know it
 * serves the right chain.
 */
export function probeTlsHandshake(
  host: string,
  port: number,
  options: { ca: string; cert?: string; key?: string; servername?: string; timeoutMs?: number },
): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const socket = tls.connect({
      host,
      port,
      ca: options.ca,
      cert: options.cert,
      key: options.key,
      servername: options.servername ?? (host.match(/^[\d.]+$/) ? undefined : host),
      rejectUnauthorized: true,
      timeout: options.timeoutMs ?? 3000,
    });
    const done = (result: ProbeResult) => {
      socket.destroy();
      resolve(result);
    };
    socket.once("secureConnect", () =>
      done({
        ok: true,
        detail: `TLS ${socket.getProtocol()} handshake with ${host}:${port} verified by the platform CA`,
      }),
    );
    socket.once("timeout", () => done({ ok: false, detail: `${host}:${port} TLS handshake timed out` }));
    socket.once("error", (error) =>
      done({ ok: false, detail: `${host}:${port} TLS handshake failed (${describe(error)})` }),
    );
  });
}

/** A listener that needs a secret to finish its handshake (TLS-PSK) can only be probed for accepting connections. */
export function probeTcp(host: string, port: number, timeoutMs = 2000): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: timeoutMs });
    const done = (result: ProbeResult) => {
      socket.destroy();
      resolve(result);
    };
    socket.once("connect", () => done({ ok: true, detail: `${host}:${port} accepts connections` }));
    socket.once("timeout", () => done({ ok: false, detail: `${host}:${port} timed out` }));
    socket.once("error", (error) => done({ ok: false, detail: `${host}:${port} refused (${describe(error)})` }));
  });
}

/**
 * The ports among `ports` that something already listens on (TCP, and UDP for CoAP). A platform
 * must not start beside another one on the same ports: its readiness checks would be answered
 * by the other's services, and it would run against them without noticing.
 */
export async function findBusyPorts(
  host: string,
  ports: Array<{ name: string; port: number; udp?: boolean }>,
): Promise<Array<{ name: string; port: number }>> {
  const busy = await Promise.all(
    ports.map(async (p) => ((await (p.udp ? udpPortBusy(host, p.port) : tcpPortBusy(host, p.port))) ? [p] : [])),
  );
  return busy.flat().map(({ name, port }) => ({ name, port }));
}

function tcpPortBusy(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", (error: NodeJS.ErrnoException) => resolve(error.code === "EADDRINUSE"));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(false)));
  });
}

function udpPortBusy(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket("udp4");
    socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code === "EADDRINUSE"));
    socket.bind({ address: host, port, exclusive: true }, () => socket.close(() => resolve(false)));
  });
}
