import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import tls from "node:tls";
import type { PlatformConfig } from "@fleetwire/config";
import { type ManagedProcess, startProcess, waitUntil } from "./managed-process.ts";
import { type MosquittoConfig, mosquittoPaths } from "./mosquitto-paths.ts";

export * from "./mosquitto-config.ts";
export * from "./mosquitto-dynsec-file.ts";
export * from "./mosquitto-paths.ts";
export * from "./mosquitto-plugin.ts";
export * from "./mosquitto-psk.ts";
export * from "./mosquitto-service-credentials.ts";

/**
 * Runs the local broker in the foreground from the configuration writeMosquittoConfig made, and
 * resolves once the device mTLS listener completes a handshake with the platform CA.
 */
export async function startMosquitto(config: MosquittoConfig, { echo = false } = {}): Promise<ManagedProcess> {
  const paths = mosquittoPaths(config);
  if (!existsSync(paths.conf)) throw new Error(`${paths.conf} is missing: call writeMosquittoConfig first`);
  const binary = findMosquitto();
  const proc = startProcess({ name: "mosquitto", command: binary, args: ["-c", paths.conf], logFile: paths.log, echo });
  try {
    await waitUntil("mosquitto", async () => (await mosquittoHealth(config)).ok, { process: proc, timeoutMs: 20_000 });
  } catch (error) {
    await proc.stop(2_000);
    throw new Error(`${(error as Error).message}; last lines of ${paths.log}:\n${tail(paths.log, 8)}`);
  }
  return proc;
}

/**
 * Makes a running broker re-read its CRL, password, ACL and PSK files (SIGHUP). Given the
 * configuration instead of the process, it finds the broker through its pid file, so the control
 * plane can reload a broker that `pnpm start` launched. Returns once the signal is sent; the
 * broker applies it within milliseconds, to new connections only.
 */
export function reloadMosquitto(target: ManagedProcess | Pick<PlatformConfig, "stateDir" | "mqtt" | "pki">): void {
  const pid = "stateDir" in target ? runningMosquittoPid(target) : target.pid;
  if (pid === undefined) throw new Error("mosquitto is not running");
  process.kill(pid, "SIGHUP");
}

export interface HealthResult {
  ok: boolean;
  detail: string;
}

/** A mutual-TLS handshake with the device listener, the server verified against the platform CA chain. */
export async function mosquittoHealth(config: MosquittoConfig, timeoutMs = 3_000): Promise<HealthResult> {
  const paths = mosquittoPaths(config);
  const target = `127.0.0.1:${config.ports.mqttMtls}`;
  let options: tls.ConnectionOptions;
  try {
    options = {
      host: "127.0.0.1",
      port: config.ports.mqttMtls,
      ca: readFileSync(paths.caChain),
      cert: readFileSync(paths.healthCert),
      key: readFileSync(paths.healthKey),
      timeout: timeoutMs,
    };
  } catch (error) {
    return { ok: false, detail: `broker files missing: ${(error as Error).message}` };
  }
  return new Promise((resolve) => {
    const socket = tls.connect(options, () => {
      const detail = `${target} TLS handshake ok (${socket.getProtocol()}, server certificate verified by the platform CA)`;
      socket.end();
      resolve({ ok: true, detail });
    });
    socket.on("timeout", () => {
      socket.destroy();
      resolve({ ok: false, detail: `${target}: no TLS handshake within ${timeoutMs} ms` });
    });
    socket.on("error", (error: NodeJS.ErrnoException) => {
      resolve({ ok: false, detail: `${target}: ${error.code ?? ""} ${error.message}`.trim() });
    });
  });
}

function findMosquitto(): string {
  for (const candidate of ["/usr/sbin/mosquitto", "/usr/local/sbin/mosquitto"])
    if (existsSync(candidate)) return candidate;
  try {
    return execFileSync("sh", ["-c", "command -v mosquitto"], { encoding: "utf8" }).trim();
  } catch {
    throw new Error("mosquitto is not installed: apt-get install -y mosquitto mosquitto-clients");
  }
}

/** The pid of the platform's running broker, from its pid file; undefined when none is running. */
export function runningMosquittoPid(config: Pick<PlatformConfig, "stateDir" | "mqtt" | "pki">): number | undefined {
  return readPid(mosquittoPaths(config).pidFile);
}

function readPid(file: string): number | undefined {
  if (!existsSync(file)) return undefined;
  const pid = Number.parseInt(readFileSync(file, "utf8").trim(), 10);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined; // a pid file left by a broker that is gone
  }
}

function tail(file: string, lines: number): string {
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}
