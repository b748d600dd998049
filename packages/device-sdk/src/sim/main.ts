import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { connectDevice, type DeviceOptions, type FleetwireDevice } from "../fleetwire-device.ts";
import type { DeviceCredentials } from "../provision.ts";
import { loadSimEnv, type SimEnv } from "./env.ts";
import { OperatorApi } from "./operator-api.ts";
import { runSimulation } from "./run-simulation.ts";
import { parseSimArgs, SIM_USAGE, type SimArgs, UsageError } from "./sim-args.ts";
import { type CredentialSource, simDeviceCredentials } from "./sim-credentials.ts";
import { loadTestManufacturerCa, prepareSimModel } from "./sim-setup.ts";

/**
 * `pnpm sim --devices N --rate R [--duration S]`: a fleet of simulated devices against a running
 * platform. Each device is provisioned the zero-touch way (bootstrap certificate from the
 * development test manufacturer CA, key + CSR, POST /provision), connects over MQTT 5 and
 * publishes telemetry at R msg/s; at the end it prints the achieved rate and the errors.
 */
const say = (line: string) => process.stdout.write(`${line}\n`);

async function mapLimit<T, R>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<PromiseSettledResult<R>[]> {
  const results: PromiseSettledResult<R>[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      try {
        results[i] = { status: "fulfilled", value: await fn(items[i] as T) };
      } catch (reason) {
        results[i] = { status: "rejected", reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

async function connectSimDevice(
  env: SimEnv,
  args: SimArgs,
  api: OperatorApi,
  source: CredentialSource,
  deviceId: string,
): Promise<FleetwireDevice> {
  const connectWith = async (creds: DeviceCredentials) => {
    const common: Omit<DeviceOptions, "auth" | "brokerUrl"> = {
      deviceId: creds.deviceId,
      fleetId: creds.fleetId,
      connectTimeoutMs: 15_000,
    };
    if (!args.psk) {
      return connectDevice({
        ...common,
        brokerUrl: creds.brokerUrl,
        auth: { type: "mtls", certPem: creds.certPem, keyPem: creds.keyPem, caPem: creds.caPem },
      });
    }
    const psk = await api.mutate<{ identity: string; keyHex: string }>("devices.psk.create", { deviceId });
    return connectDevice({
      ...common,
      brokerUrl: `mqtts://${env.mqtt.host}:${env.ports.mqttPsk}`,
      auth: { type: "psk", identity: psk.identity, key: Buffer.from(psk.keyHex, "hex") },
    });
  };
  try {
    return await connectWith(await simDeviceCredentials(source, deviceId));
  } catch {
    // Kept credentials from an earlier platform (reset database, revoked): provision again once.
    await rm(path.join(env.stateDir, "sim", "devices", `${deviceId}.json`), { force: true });
    return connectWith(await simDeviceCredentials(source, deviceId));
  }
}

async function main(): Promise<number> {
  let args: SimArgs;
  try {
    args = parseSimArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message ? `sim: ${error.message}\n` : ""}usage: ${SIM_USAGE}\n`);
      return 2;
    }
    throw error;
  }
  const env = loadSimEnv();
  const api = await OperatorApi.signIn(env.urls.controlPlane, env.admin);
  const manufacturer = await loadTestManufacturerCa(env.stateDir);
  const model = await prepareSimModel(api, manufacturer, args.model);
  const source: CredentialSource = {
    stateDir: env.stateDir,
    deviceHttpsUrl: env.urls.deviceHttps,
    caPem: await readFile(env.pki.caChainPath, "utf8"),
    manufacturer,
    model: model.modelName,
  };
  say(
    `sim: ${args.devices} device(s) of model "${model.modelName}", ${args.rate} msg/s each, ` +
      `at most ${args.countPerDevice} message(s) or ${args.durationSeconds} s; ${args.psk ? "TLS-PSK" : "mutual TLS"}`,
  );

  const ids = Array.from({ length: args.devices }, (_, i) => `${args.prefix}-${String(i).padStart(5, "0")}`);
  const connecting = Date.now();
  const settled = await mapLimit(ids, 16, (id) => connectSimDevice(env, args, api, source, id));
  const devices = settled.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
  const connectErrors = settled.flatMap((r) => (r.status === "rejected" ? [String((r.reason as Error).message)] : []));
  say(`sim: ${devices.length}/${ids.length} connected in ${((Date.now() - connecting) / 1000).toFixed(1)} s`);
  for (const [message, n] of countBy(connectErrors)) say(`  connect error x${n}: ${message}`);
  if (devices.length === 0) return 1;

  const result = await runSimulation(devices, args);
  await Promise.all(devices.map((d) => d.close()));
  const reconnects = devices.reduce((n, d) => n + d.stats.reconnects, 0);
  say(
    `sim: ${result.published} acknowledged, ${result.failed} failed in ${(result.elapsedMs / 1000).toFixed(1)} s; ` +
      `achieved ${result.achievedRate.toFixed(1)} msg/s (target ${result.targetRate.toFixed(1)}), ` +
      `${(result.achievedRate / result.devices).toFixed(2)} msg/s per device; ${reconnects} reconnect(s)`,
  );
  for (const [message, n] of Object.entries(result.errors)) say(`  publish error x${n}: ${message}`);
  return result.failed > 0 || connectErrors.length > 0 ? 1 : 0;
}

function countBy(values: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`sim: ${error.message}\n`);
    process.exit(1);
  },
);
