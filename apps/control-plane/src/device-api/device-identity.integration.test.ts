import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { disconnectPrisma } from "@fleetwire/db";
import { seedDeviceModel, seedFleet, uniqueSuffix } from "@fleetwire/db/testing";
import { REVOCATIONS_CHANNEL } from "@fleetwire/identity";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeIdentityServices, getIdentityServices } from "../identity/identity-services.ts";
import { createOpensslKit, type OpensslKit, run } from "../testing/openssl-device-kit.ts";
import { startTestControlPlane, type TestControlPlane } from "../testing/start-test-control-plane.ts";
import { ensureTestBroker } from "../testing/test-broker.ts";
import { failureOf, testTrpcClient } from "../testing/test-trpc-client.ts";
import { buildDeviceServer } from "./build-device-server.ts";

// Issue 3's "done when", tried from outside with openssl, curl and the mosquitto clients.
let cp: TestControlPlane;
let kit: OpensslKit;
let broker: Awaited<ReturnType<typeof ensureTestBroker>>;
let deviceUrl: string;
let closeDeviceServer: () => Promise<void>;
let platformChain: string;
let operator: { token: string; id: string };
let auditorToken: string;
let model: { id: string; name: string; defaultFleetId: string | null };
let mfr: ReturnType<OpensslKit["manufacturerCa"]>;

beforeAll(async () => {
  broker = await ensureTestBroker();
  cp = await startTestControlPlane();
  const services = () => getIdentityServices(cp.env);
  const server = await buildDeviceServer(cp.env, services, { rateLimitPerMinute: 10_000 });
  await server.listen({ host: "127.0.0.1", port: 0 });
  const address = server.server.address();
  if (!address || typeof address === "string") throw new Error("no port");
  deviceUrl = `https://127.0.0.1:${address.port}`;
  closeDeviceServer = () => server.close();

  kit = createOpensslKit();
  platformChain = kit.write("platform-chain.pem", (await services()).ca.chainPem);
  const op = await cp.operatorWithToken("operator");
  operator = { token: op.token, id: op.id };
  auditorToken = (await cp.operatorWithToken("auditor")).token;
  const fleet = await seedFleet(cp.prisma, { organisationId: cp.organisation.id });
  model = await seedDeviceModel(cp.prisma, { organisationId: cp.organisation.id, defaultFleetId: fleet.id });
  mfr = kit.manufacturerCa(`mfr-${uniqueSuffix()}`);
  // Trusted through the operator API, as `fleetctl ca trust` does.
  await testTrpcClient(cp.url, operator.token).manufacturerCas.trust.mutate({ pem: mfr.pem, modelId: model.id });
});

afterAll(async () => {
  await closeDeviceServer?.();
  await cp?.close();
  await closeIdentityServices();
  await broker?.stop();
  kit?.cleanup();
  await disconnectPrisma();
});

/** POST /provision with curl and a bootstrap certificate, exactly as a device or an engineer would. */
async function curlProvision(
  body: Record<string, unknown>,
  cert?: { cert: string; key: string },
): Promise<{
  status: number;
  json: Record<string, unknown> & { error?: { code: string; message: string; details?: { reason?: string } } };
}> {
  const bodyFile = kit.write(`body-${uniqueSuffix()}.json`, JSON.stringify(body));
  const r = await run("curl", [
    ...["-sS", "--cacert", platformChain, "-H", "content-type: application/json"],
    ...(cert ? ["--cert", cert.cert, "--key", cert.key] : []),
    ...["--data-binary", `@${bodyFile}`, "-w", "\n%{http_code}", `${deviceUrl}/provision`],
  ]);
  const lines = r.out.trimEnd().split("\n");
  const status = Number(lines.pop());
  return { status, json: JSON.parse(lines.join("\n") || "{}") };
}

async function provisionWithCsr(deviceId: string) {
  const boot = kit.bootstrapCertificate(mfr, deviceId);
  const device = kit.deviceKeyAndCsr(`op-${deviceId}`);
  const res = await curlProvision(
    { device_id: deviceId, model: model.name, firmware_version: "1.2.3", csr: device.csrPem },
    boot,
  );
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  const cert = kit.write(`${deviceId}.pem`, String(res.json.operational_cert_pem));
  const chain = kit.write(`${deviceId}-chain.pem`, String(res.json.ca_chain_pem));
  return {
    res: res.json,
    boot,
    key: device.key,
    cert,
    chain,
    serial: String(res.json.serial),
    fleetId: String(res.json.fleet_id),
  };
}

function subscribeLive(args: string[]) {
  const child: ChildProcess = spawn("stdbuf", ["-oL", "mosquitto_sub", ...args, "-V", "mqttv5", "-d", "-W", "20"]);
  let out = "";
  const ready = new Promise<void>((resolve) => {
    const onData = (d: Buffer) => {
      out += d;
      if (out.includes("SUBACK")) resolve();
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
  });
  const done = new Promise<string>((resolve) => child.on("close", () => resolve(out)));
  return { ready, done, kill: () => child.kill() };
}

describe("POST /provision", () => {
  it("provisions a device whose bootstrap certificate openssl made, with a CSR; openssl verifies the result", async () => {
    const deviceId = `dev-${uniqueSuffix()}`;
    const p = await provisionWithCsr(deviceId);
    expect(p.res).toMatchObject({
      device_id: deviceId,
      fleet_id: model.defaultFleetId,
      broker_endpoint: `mqtts://${cp.env.mqtt.host}:${cp.env.ports.mqttMtls}`,
      device_shadow_url: `${cp.env.urls.deviceHttps}/devices/${deviceId}/shadow`,
    });
    expect(p.res.private_key_pem).toBeUndefined();

    const verify = await run("openssl", ["verify", "-purpose", "sslclient", "-CAfile", p.chain, p.cert]);
    expect(verify.out.trim()).toBe(`${p.cert}: OK`);
    const text = kit.openssl("x509", "-in", p.cert, "-noout", "-text");
    expect(text).toContain(`Subject: CN = ${deviceId}`);
    expect(text).toContain(`URI:urn:fleetwire:fleet:${model.defaultFleetId}:device:${deviceId}`);
    expect(text).toContain("TLS Web Client Authentication");
    expect(text).toContain(`URI:${cp.env.urls.controlPlane}/crl.der`);
    // The certificate carries the device's own key from its CSR.
    const certKey = kit.openssl("x509", "-in", p.cert, "-noout", "-pubkey");
    expect(kit.openssl("pkey", "-in", p.key, "-pubout")).toBe(certKey);

    const device = await cp.prisma.device.findUniqueOrThrow({
      where: { id: deviceId },
      include: { certificates: true },
    });
    expect(device).toMatchObject({ status: "provisioned", fleetId: model.defaultFleetId, firmwareVersion: "1.2.3" });
    expect(device.provisionedAt).toBeInstanceOf(Date);
    expect(device.certificates.map((c) => c.serial)).toEqual([p.serial]);
    const audit = await cp.prisma.auditLog.findMany({ where: { targetId: deviceId, action: "device.provision" } });
    expect(audit.map((a) => a.outcome)).toEqual(["success"]);

    // The operational certificate works on the broker: own topic accepted, another device's refused (0x87).
    const own = await run("mosquitto_pub", [
      ...broker.mtls,
      "--cafile",
      p.chain,
      "--cert",
      p.cert,
      "--key",
      p.key,
      "-i",
      deviceId,
      ...[
        "-V",
        "mqttv5",
        "-q",
        "1",
        "-d",
        "-t",
        `${p.fleetId}/devices/${deviceId}/telemetry`,
        "-m",
        '{"temperature":1}',
      ],
    ]);
    expect(own.code).toBe(0);
    expect(own.out).not.toContain("RC:135");
    const foreign = await run("mosquitto_pub", [
      ...broker.mtls,
      ...["-i", deviceId],
      "--cafile",
      p.chain,
      "--cert",
      p.cert,
      "--key",
      p.key,
      ...["-V", "mqttv5", "-q", "1", "-d", "-t", `${p.fleetId}/devices/someone-else/telemetry`, "-m", "x"],
    ]);
    expect(foreign.out).toContain("RC:135");
  });

  it("returns a generated key once when the device cannot make a CSR", async () => {
    const deviceId = `dev-${uniqueSuffix()}`;
    const boot = kit.bootstrapCertificate(mfr, deviceId);
    const res = await curlProvision(
      { device_id: deviceId, model: model.id, firmware_version: "1", generate_key: true },
      boot,
    );
    expect(res.status).toBe(201);
    const key = kit.write(`${deviceId}.key`, String(res.json.private_key_pem));
    const cert = kit.write(`${deviceId}.pem`, String(res.json.operational_cert_pem));
    expect(kit.openssl("pkey", "-in", key, "-pubout")).toBe(kit.openssl("x509", "-in", cert, "-noout", "-pubkey"));
  });

  it("refuses with a JSON error and the precise status: untrusted CA, expired, another device, bad CSR, unknown model", async () => {
    const deviceId = `dev-${uniqueSuffix()}`;
    const csr = kit.deviceKeyAndCsr(`csr-${deviceId}`).csrPem;
    const body = { device_id: deviceId, model: model.name, firmware_version: "1", csr };
    const rogue = kit.manufacturerCa(`rogue-${uniqueSuffix()}`);

    const cases: [string, Awaited<ReturnType<typeof curlProvision>>, number, string][] = [
      [
        "untrusted CA",
        await curlProvision(body, kit.bootstrapCertificate(rogue, deviceId)),
        401,
        "untrusted_bootstrap_ca",
      ],
      [
        "expired",
        await curlProvision(body, kit.bootstrapCertificate(mfr, deviceId, { expired: true })),
        401,
        "bootstrap_expired",
      ],
      [
        "A asks for B",
        await curlProvision({ ...body, device_id: `${deviceId}-b` }, kit.bootstrapCertificate(mfr, deviceId)),
        403,
        "device_id_mismatch",
      ],
      [
        "malformed CSR",
        await curlProvision(
          { ...body, csr: "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----" },
          kit.bootstrapCertificate(mfr, deviceId),
        ),
        400,
        "malformed_csr",
      ],
      [
        "unknown model",
        await curlProvision(
          { ...body, model: `no-such-model-${uniqueSuffix()}` },
          kit.bootstrapCertificate(mfr, deviceId),
        ),
        404,
        "unknown_model",
      ],
      ["no client certificate", await curlProvision(body), 401, "no_client_certificate"],
      [
        "reserved id",
        await curlProvision(
          { ...body, device_id: "fleetwire-service" },
          kit.bootstrapCertificate(mfr, "fleetwire-service"),
        ),
        400,
        "invalid_request",
      ],
      [
        "unsafe id",
        await curlProvision({ ...body, device_id: "a/#" }, kit.bootstrapCertificate(mfr, "a")),
        400,
        "invalid_request",
      ],
    ];
    for (const [name, res, status, reason] of cases) {
      expect({ name, status: res.status, reason: res.json.error?.details?.reason }).toEqual({ name, status, reason });
      expect(res.json.error?.message, name).toBeTruthy();
    }
    expect(await cp.prisma.device.findUnique({ where: { id: deviceId } })).toBeNull();
    const audit = await cp.prisma.auditLog.findMany({
      where: { targetId: deviceId, action: "device.provision" },
      orderBy: { id: "asc" },
    });
    expect(audit.map((a) => [a.outcome, a.reason?.split(":")[0]])).toEqual([
      ["denied", "untrusted_bootstrap_ca"],
      ["denied", "bootstrap_expired"],
      ["denied", "malformed_csr"],
      ["denied", "unknown_model"],
      ["denied", "no_client_certificate"],
    ]);
  });

  it("re-provisioning rotates: a new certificate, the previous one revoked as superseded and listed in the CRL", async () => {
    const deviceId = `dev-${uniqueSuffix()}`;
    const first = await provisionWithCsr(deviceId);
    const second = await curlProvision(
      {
        device_id: deviceId,
        model: model.name,
        firmware_version: "1.3",
        csr: kit.deviceKeyAndCsr(`again-${deviceId}`).csrPem,
      },
      first.boot,
    );
    expect(second.status).toBe(201);
    expect(second.json.serial).not.toBe(first.serial);
    const old = await cp.prisma.deviceCertificate.findUniqueOrThrow({ where: { serial: first.serial } });
    expect(old.revocationReason).toBe(4);
    const crl = await run("curl", ["-sS", "-o", kit.file("rot.crl"), `${cp.url}/crl.der`]);
    expect(crl.code).toBe(0);
    const text = kit.openssl("crl", "-inform", "DER", "-in", kit.file("rot.crl"), "-noout", "-text");
    expect(text.toLowerCase()).toContain(`serial number: ${first.serial}`);
    expect(text).toContain("Superseded");
  });

  it("POST /renew with the current certificate gives a new one and supersedes the old", async () => {
    const deviceId = `dev-${uniqueSuffix()}`;
    const p = await provisionWithCsr(deviceId);
    const body = kit.write(
      `renew-${deviceId}.json`,
      JSON.stringify({ csr: kit.deviceKeyAndCsr(`renew-${deviceId}`).csrPem }),
    );
    const r = await run("curl", [
      ...["-sS", "--cacert", platformChain, "--cert", p.cert, "--key", p.key, "-H", "content-type: application/json"],
      ...["--data-binary", `@${body}`, "-w", "\n%{http_code}", `${deviceUrl}/renew`],
    ]);
    const lines = r.out.trimEnd().split("\n");
    expect(lines.pop()).toBe("201");
    const renewed = JSON.parse(lines.join("\n"));
    expect(renewed.device_id).toBe(deviceId);
    expect(
      (await cp.prisma.deviceCertificate.findUniqueOrThrow({ where: { serial: p.serial } })).revocationReason,
    ).toBe(4);
    // The superseded certificate cannot renew again.
    const again = await run("curl", [
      ...["-sS", "--cacert", platformChain, "--cert", p.cert, "--key", p.key, "-H", "content-type: application/json"],
      ...["--data-binary", `@${body}`, "-w", "\n%{http_code}", `${deviceUrl}/renew`],
    ]);
    expect(again.out.trim().split("\n").pop()).toBe("403");
  });
});

describe("revocation", () => {
  it("revokes over the operator API: the CRL lists the serial, the live session is dropped, reconnecting fails", async () => {
    const deviceId = `dev-${uniqueSuffix()}`;
    const p = await provisionWithCsr(deviceId);
    const tls = [...broker.mtls, "-i", deviceId, "--cafile", p.chain, "--cert", p.cert, "--key", p.key];
    const live = subscribeLive([...tls, "-q", "1", "-t", `${p.fleetId}/devices/${deviceId}/commands`]);
    await live.ready;

    const notices = new Redis(cp.env.redisUrl);
    const received: string[] = [];
    notices.on("message", (_channel, message) => received.push(message));
    await notices.subscribe(REVOCATIONS_CHANNEL);

    const revoke = (token: string | undefined, body: unknown) =>
      run("curl", [
        ...["-sS", "-X", "POST", "-H", "content-type: application/json"],
        ...(token ? ["-H", `authorization: Bearer ${token}`] : []),
        ...[
          "--data-binary",
          JSON.stringify(body),
          "-w",
          "\n%{http_code}",
          `${cp.url}/devices/${deviceId}/certificates/revoke`,
        ],
      ]);
    expect((await revoke(undefined, { reason: "keyCompromise" })).out.split("\n").pop()).toBe("401");
    expect((await revoke(auditorToken, { reason: "keyCompromise" })).out.split("\n").pop()).toBe("403");
    const bad = await revoke(operator.token, { reason: "because" });
    expect(bad.out.split("\n").pop()).toBe("400");
    const ok = await revoke(operator.token, { serial: p.serial, reason: "keyCompromise" });
    expect(ok.out.split("\n").pop()).toBe("200");

    // The live session is gone at once (administrative action).
    expect(await live.done).toContain("Received DISCONNECT (152)");

    // The served CRL (PEM) lists the serial; openssl refuses the certificate with it.
    await run("curl", ["-sS", "-o", kit.file(`${deviceId}.crl.pem`), `${cp.url}/crl.pem`]);
    const crlText = kit.openssl("crl", "-in", kit.file(`${deviceId}.crl.pem`), "-noout", "-text");
    expect(crlText.toLowerCase()).toContain(`serial number: ${p.serial}`);
    expect(crlText).toContain("Key Compromise");
    expect(crlText).toMatch(/Next Update: /);
    const verify = await run("openssl", [
      ...["verify", "-crl_check", "-CAfile", p.chain, "-CRLfile", kit.file(`${deviceId}.crl.pem`), p.cert],
    ]);
    expect(verify.code).not.toBe(0);
    expect(verify.out).toContain("certificate revoked");

    // It cannot connect again.
    const retry = await run("mosquitto_pub", [
      ...tls,
      "-V",
      "mqttv5",
      "-q",
      "1",
      "-t",
      `${p.fleetId}/devices/${deviceId}/telemetry`,
      "-m",
      "x",
    ]);
    expect(retry.code).not.toBe(0);

    // Recorded: who, when, why; the ingest processes were told.
    const row = await cp.prisma.deviceCertificate.findUniqueOrThrow({ where: { serial: p.serial } });
    expect(row).toMatchObject({ revocationReason: 1, revokedById: operator.id });
    expect((await cp.prisma.device.findUniqueOrThrow({ where: { id: deviceId } })).status).toBe("revoked");
    const audit = await cp.prisma.auditLog.findFirstOrThrow({
      where: { targetId: deviceId, action: "certificate.revoke" },
    });
    expect(audit).toMatchObject({
      actorType: "operator",
      actorId: operator.id,
      outcome: "success",
      reason: "keyCompromise",
    });
    await sleep(200);
    expect(received.map((m) => JSON.parse(m))).toContainEqual(
      expect.objectContaining({ type: "certificate.revoked", device_id: deviceId, serial: p.serial }),
    );
    notices.disconnect();

    // The operators' view: certificates.list and crl.get with who, when and why.
    const api = testTrpcClient(cp.url, operator.token);
    const certs = await api.certificates.list.query({ deviceId });
    expect(certs[0]).toMatchObject({ serial: p.serial, status: "revoked", revocationReason: "keyCompromise" });
    const crl = await api.crl.get.query();
    expect(crl.entries).toContainEqual(
      expect.objectContaining({ serial: p.serial, deviceId, reason: "keyCompromise" }),
    );
    // A revoked device cannot provision itself back.
    const back = await curlProvision(
      { device_id: deviceId, model: model.name, firmware_version: "1", generate_key: true },
      p.boot,
    );
    expect(back.status).toBe(403);
  });

  it("tRPC certificates.revoke and devices.psk.*: 401 without a token, 403 for a role without the permission", async () => {
    const deviceId = `dev-${uniqueSuffix()}`;
    await provisionWithCsr(deviceId);
    const anonymous = testTrpcClient(cp.url);
    const auditor = testTrpcClient(cp.url, auditorToken);
    expect(await failureOf(anonymous.certificates.revoke.mutate({ deviceId, reason: "unspecified" }))).toMatchObject({
      status: 401,
    });
    expect(await failureOf(auditor.certificates.revoke.mutate({ deviceId, reason: "unspecified" }))).toMatchObject({
      status: 403,
    });
    expect(await failureOf(anonymous.devices.psk.create.mutate({ deviceId }))).toMatchObject({ status: 401 });
    expect(await failureOf(auditor.devices.psk.create.mutate({ deviceId }))).toMatchObject({ status: 403 });
    expect(await failureOf(anonymous.crl.get.query())).toMatchObject({ status: 401 });
    const api = testTrpcClient(cp.url, operator.token);
    const done = await api.certificates.revoke.mutate({ deviceId, reason: 5 });
    expect(done).toMatchObject({ reason: "cessationOfOperation", deviceStatus: "revoked" });
    expect(await failureOf(api.certificates.revoke.mutate({ deviceId, reason: 5 }))).toMatchObject({ status: 409 });
  });
});

describe("PSK identities", () => {
  it("the shown key connects over TLS-PSK; after revocation it cannot", async () => {
    const deviceId = `dev-${uniqueSuffix()}`;
    const p = await provisionWithCsr(deviceId);
    const api = testTrpcClient(cp.url, operator.token);
    const psk = await api.devices.psk.create.mutate({ deviceId });
    expect(psk).toMatchObject({ identity: deviceId, keyHex: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const row = await cp.prisma.devicePsk.findUniqueOrThrow({ where: { identity: deviceId } });
    expect(row.encryptedKey).not.toContain(psk.keyHex);

    const publish = (key: string) =>
      run("mosquitto_pub", [
        ...broker.psk,
        ...["-i", deviceId],
        "--psk",
        key,
        "--psk-identity",
        deviceId,
        ...[
          "-V",
          "mqttv5",
          "-q",
          "1",
          "-d",
          "-t",
          `${p.fleetId}/devices/${deviceId}/telemetry`,
          "-m",
          '{"temperature":2}',
        ],
      ]);
    let ok = await publish(psk.keyHex);
    for (let i = 0; i < 20 && ok.code !== 0; i++) {
      await sleep(100); // the broker applies the PSK file on SIGHUP, within milliseconds
      ok = await publish(psk.keyHex);
    }
    expect(ok.code).toBe(0);
    expect(ok.out).toContain("PUBACK");
    expect(ok.out).not.toContain("RC:135");

    await api.devices.psk.revoke.mutate({ deviceId, reason: "device decommissioned" });
    let refused = await publish(psk.keyHex);
    for (let i = 0; i < 20 && refused.code === 0; i++) {
      await sleep(100);
      refused = await publish(psk.keyHex);
    }
    expect(refused.code).not.toBe(0);
    expect(refused.out).not.toContain("PUBACK");
    const audit = await cp.prisma.auditLog.findMany({
      where: { targetId: deviceId, action: { in: ["psk.create", "psk.revoke"] } },
      orderBy: { id: "asc" },
    });
    expect(audit.map((a) => [a.action, a.actorId])).toEqual([
      ["psk.create", operator.id],
      ["psk.revoke", operator.id],
    ]);
    expect(readFileSync(kit.file(`${deviceId}.pem`), "utf8")).toContain("BEGIN CERTIFICATE");
  });
});

describe("public PKI endpoints", () => {
  it("serves the CA chain and the CRL (PEM and DER) on the operator server and the device endpoint", async () => {
    const chain = await run("curl", ["-sS", `${cp.url}/ca/chain.pem`]);
    expect(chain.out).toBe(readFileSync(platformChain, "utf8"));
    const der = await run("curl", [
      "-sS",
      "--cacert",
      platformChain,
      "-o",
      kit.file("dev.crl"),
      `${deviceUrl}/crl.der`,
    ]);
    expect(der.code).toBe(0);
    expect(kit.openssl("crl", "-inform", "DER", "-in", kit.file("dev.crl"), "-noout", "-issuer")).toContain(
      "Fleetwire Issuing CA",
    );
    const verified = await run("openssl", [
      "crl",
      "-inform",
      "DER",
      "-in",
      kit.file("dev.crl"),
      "-CAfile",
      platformChain,
      "-noout",
    ]);
    expect(verified.out).toContain("verify OK");
  });

  it("limits provisioning per source address (429 with Retry-After)", async () => {
    const strict = await buildDeviceServer(cp.env, () => getIdentityServices(cp.env), { rateLimitPerMinute: 0 });
    await strict.listen({ host: "127.0.0.1", port: 0 });
    const address = strict.server.address();
    if (!address || typeof address === "string") throw new Error("no port");
    const r = await run("curl", [
      ...["-sS", "-i", "--cacert", platformChain, "-H", "content-type: application/json", "--data", "{}"],
      `https://127.0.0.1:${address.port}/provision`,
    ]);
    await strict.close();
    expect(r.out).toMatch(/^HTTP\/1.1 429/);
    expect(r.out.toLowerCase()).toContain("retry-after:");
    expect(r.out).toContain('"code":"RATE_LIMITED"');
  });
});
