import { disconnectPrisma } from "@fleetwire/db";
import { seedDeviceModel, seedFleet, uniqueSuffix } from "@fleetwire/db/testing";
import { buildDeviceServer } from "../device-api/build-device-server.ts";
import { startDeviceMessaging } from "../device-messaging/start-device-messaging.ts";
import { closeIdentityServices, getIdentityServices } from "../identity/identity-services.ts";
import { createOpensslKit, run } from "./openssl-device-kit.ts";
import { startTestControlPlane } from "./start-test-control-plane.ts";
import { ensureTestBroker } from "./test-broker.ts";
import { testTrpcClient } from "./test-trpc-client.ts";

export interface ProvisionedDevice {
  id: string;
  fleetId: string;
  cert: string;
  key: string;
  chain: string;
  /** mosquitto_pub/sub arguments: the mutual-TLS listener with this device's certificate, MQTT 5. */
  tls: string[];
  topic: (kind: string) => string;
}

export interface CurlResult {
  status: number;
  /** Test responses are read field by field. */
  json: Record<string, any>;
  headers: string;
}

/**
 * A control plane with everything shadows and commands need, for integration tests: the operator
 * HTTP server, the device HTTPS endpoint, the MQTT consumer and expiry sweeper, the test profile's
 * Mosquitto, an operator token, and a model that trusts a manufacturer CA made with openssl.
 */
export async function startDeviceMessagingFixture() {
  const broker = await ensureTestBroker();
  const cp = await startTestControlPlane();
  const services = () => getIdentityServices(cp.env);
  const server = await buildDeviceServer(cp.env, services, { rateLimitPerMinute: 10_000 });
  await server.listen({ host: "127.0.0.1", port: 0 });
  const address = server.server.address();
  if (!address || typeof address === "string") throw new Error("no port");
  const deviceUrl = `https://127.0.0.1:${address.port}`;
  // Session expiry 0: a test's one-off consumer must not stay behind as an offline member of the
  // shared groups, or the broker hands later tests' messages to it.
  const messaging = await startDeviceMessaging(cp.env, { instance: `test-${uniqueSuffix()}`, sessionExpirySeconds: 0 });

  const kit = createOpensslKit();
  const caChainPem = (await services()).ca.chainPem;
  const platformChain = kit.write("platform-chain.pem", caChainPem);
  const operator = await cp.operatorWithToken("operator");
  const fleet = await seedFleet(cp.prisma, { organisationId: cp.organisation.id });
  const model = await seedDeviceModel(cp.prisma, { organisationId: cp.organisation.id, defaultFleetId: fleet.id });
  const mfr = kit.manufacturerCa(`mfr-${uniqueSuffix()}`);
  const trpc = testTrpcClient(cp.url, operator.token);
  await trpc.manufacturerCas.trust.mutate({ pem: mfr.pem, modelId: model.id });

  async function curl(
    base: string,
    path: string,
    options: {
      method?: string;
      body?: unknown;
      bodyFile?: string;
      token?: string;
      cert?: { cert: string; key: string };
      headers?: Record<string, string>;
    } = {},
  ): Promise<CurlResult> {
    const bodyFile =
      options.bodyFile ??
      (options.body !== undefined ? kit.write(`body-${uniqueSuffix()}.json`, JSON.stringify(options.body)) : undefined);
    const headers = { "content-type": "application/json", ...options.headers };
    const r = await run("curl", [
      ...["-sS", "-D", "-", "--cacert", platformChain, "-X", options.method ?? "GET"],
      ...Object.entries(headers).flatMap(([k, v]) => ["-H", `${k}: ${v}`]),
      ...(options.token ? ["-H", `authorization: Bearer ${options.token}`] : []),
      ...(options.cert ? ["--cert", options.cert.cert, "--key", options.cert.key] : []),
      ...(bodyFile ? ["--data-binary", `@${bodyFile}`] : []),
      `${base}${path}`,
    ]);
    const [head = "", ...rest] = r.out.split("\r\n\r\n");
    const status = Number(/HTTP\/[\d.]+ (\d{3})/.exec(head)?.[1] ?? 0);
    const text = rest.join("\r\n\r\n").trim();
    return { status, json: text ? JSON.parse(text) : {}, headers: head.toLowerCase() };
  }

  /** A bootstrap certificate and key (openssl, CN = device id) under the trusted manufacturer CA. */
  function bootstrapFor(id: string) {
    return kit.bootstrapCertificate(mfr, id);
  }

  /** A device provisioned the zero-touch way with curl (bootstrap certificate, CSR, POST /provision). */
  async function provision(): Promise<ProvisionedDevice> {
    const id = `dev-${uniqueSuffix()}`;
    const boot = bootstrapFor(id);
    const keys = kit.deviceKeyAndCsr(`op-${id}`);
    const body = kit.write(
      `provision-${id}.json`,
      JSON.stringify({ device_id: id, model: model.name, firmware_version: "1.0.0", csr: keys.csrPem }),
    );
    const res = await curl(deviceUrl, "/provision", { method: "POST", bodyFile: body, cert: boot });
    if (res.status !== 201) throw new Error(`provisioning ${id}: ${res.status} ${JSON.stringify(res.json)}`);
    const cert = kit.write(`${id}.pem`, String(res.json.operational_cert_pem));
    const chain = kit.write(`${id}-chain.pem`, String(res.json.ca_chain_pem));
    const fleetId = String(res.json.fleet_id);
    return {
      id,
      fleetId,
      cert,
      key: keys.key,
      chain,
      tls: [...broker.mtls, "-i", id, "--cafile", chain, "--cert", cert, "--key", keys.key, "-V", "mqttv5"],
      topic: (kind) => `${fleetId}/devices/${id}/${kind}`,
    };
  }

  return {
    cp,
    broker,
    kit,
    trpc,
    operator,
    model,
    deviceUrl,
    caChainPem,
    curl,
    provision,
    bootstrapFor,
    async close() {
      await messaging.stop();
      await server.close();
      await cp.close();
      await closeIdentityServices();
      await broker.stop();
      kit.cleanup();
      await disconnectPrisma();
    },
  };
}

export type DeviceMessagingFixture = Awaited<ReturnType<typeof startDeviceMessagingFixture>>;

/** Polls `read` until `ok` or the timeout; returns the last value either way (the test asserts it). */
// Generous: on a loaded 2-core machine a device round trip has taken more than 5 s. Tests that
// promise a latency measure it themselves.
export async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}
