import { readFile } from "node:fs/promises";
import { loadPlatformConfig, platformEndpoints } from "@fleetwire/config";
import {
  type ProbeResult,
  probeCoapPing,
  probeDatabase,
  probeHttp,
  probeRedis,
  probeTcp,
  probeTlsHandshake,
} from "@fleetwire/infra";
import { kafkaHealth } from "@fleetwire/infra/kafka";
import { printJson, printTable } from "../cli.ts";

/** `fleetctl status`: every service's health and every endpoint; exit 1 when anything is unhealthy. */
export async function runStatus(_args: string[], json: boolean): Promise<number> {
  const config = loadPlatformConfig();
  const endpoints = platformEndpoints(config);
  const ca = await readFile(config.pki.caChainPath, "utf8").catch(() => undefined);
  const noCa: ProbeResult = {
    ok: false,
    detail: `no platform CA chain at ${config.pki.caChainPath} (start the platform first)`,
  };
  const tls = (port: number) => (ca ? probeTlsHandshake(config.mqtt.host, port, { ca }) : Promise.resolve(noCa));

  const probes: Record<string, () => Promise<ProbeResult>> = {
    console: () => probeHttp(`${config.urls.console}/api/health`),
    controlPlane: () => probeHttp(`${config.urls.controlPlane}/health`),
    deviceHttps: () => (ca ? probeTlsHandshake(config.host, config.ports.deviceHttps, { ca }) : Promise.resolve(noCa)),
    ingestHttps: () => (ca ? probeTlsHandshake(config.host, config.ports.ingestHttps, { ca }) : Promise.resolve(noCa)),
    ingestBridge: () => probeHttp(`${config.urls.ingestBridge}/health`),
    rulesWorker: () => probeHttp(`${config.urls.rulesWorker}/health`),
    writers: () => probeHttp(`${config.urls.writers}/health`),
    mqttMtls: () => tls(config.ports.mqttMtls),
    mqttPsk: () => probeTcp(config.mqtt.host, config.ports.mqttPsk),
    coap: () => probeCoapPing(config.host, config.ports.coap),
    kafka: () => kafkaHealth(config),
    database: () => probeDatabase(config.databaseUrl),
    redis: () => probeRedis(config.redisUrl),
  };
  const results = Object.fromEntries(
    await Promise.all(Object.entries(probes).map(async ([name, probe]) => [name, await probe()] as const)),
  );
  const healthy = Object.values(results).every((r) => r.ok);

  if (json) {
    printJson({ status: healthy ? "ok" : "degraded", profile: config.profile, services: results, endpoints });
  } else {
    printTable([
      ["SERVICE", "HEALTH", "DETAIL"],
      ...Object.entries(results).map(([name, r]) => [name, r.ok ? "ok" : "DOWN", r.detail]),
    ]);
    process.stdout.write("\n");
    printTable([["ENDPOINT", "ADDRESS"], ...Object.entries(endpoints).map(([k, v]) => [k, String(v)])]);
  }
  return healthy ? 0 : 1;
}
