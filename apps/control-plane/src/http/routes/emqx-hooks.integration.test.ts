import { execFileSync } from "node:child_process";
import { createHash, randomBytes, X509Certificate } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { deviceTopics } from "@fleetwire/broker";
import { disconnectPrisma, getPrisma, migrateDatabase, type PrismaClient } from "@fleetwire/db";
import { seedDevice } from "@fleetwire/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadControlPlaneEnv } from "../../env.ts";
import { buildServer } from "../build-server.ts";

/**
 * POST /emqx/authn and /emqx/authz called over HTTP exactly as EMQX 5.8 calls them (emqx-5.8.md
 * §2.1/§2.2 and §3: JSON body of string placeholders, the x-emqx-token header from emqx.conf),
 * against the real control plane and real PostgreSQL with seeded devices and certificates.
 */
const HOOK_SECRET = `hook-${randomBytes(16).toString("hex")}`;
const SERVICE_PASSWORD = `svc-${randomBytes(16).toString("hex")}`;
const env = loadControlPlaneEnv({
  ...process.env,
  FLEETWIRE_PROFILE: "test",
  FLEETWIRE_EMQX_HOOK_SECRET: HOOK_SECRET,
  FLEETWIRE_EMQX_SERVICE_PASSWORD: SERVICE_PASSWORD,
});
let app: ReturnType<typeof buildServer>;
let url: string;
let prisma: PrismaClient;
let dir: string;

/** A real certificate with CN = device id (made by openssl), recorded as issued to the device. */
async function seedCertificate(deviceId: string, data: { revokedAt?: Date; expiresAt?: Date } = {}) {
  const base = path.join(dir, `${deviceId}-${randomBytes(3).toString("hex")}`);
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:P-256",
      "-nodes",
      "-keyout",
      `${base}.key`,
      "-out",
      `${base}.pem`,
      "-days",
      "30",
      "-subj",
      `/CN=${deviceId}`,
    ],
    { stdio: "ignore" },
  ); // prettier-ignore
  const pem = readFileSync(`${base}.pem`, "utf8");
  const x509 = new X509Certificate(pem);
  const certificate = await prisma.deviceCertificate.create({
    data: {
      serial: x509.serialNumber.toLowerCase(),
      deviceId,
      fingerprint: createHash("sha256").update(x509.raw).digest("hex"),
      pem,
      issuedAt: new Date(x509.validFrom),
      expiresAt: data.expiresAt ?? new Date(x509.validTo),
      revokedAt: data.revokedAt ?? null,
    },
  });
  // What EMQX 5.8 renders for ${cert_pem}: base64 of the DER (§2.1).
  return { certificate, certPem: x509.raw.toString("base64") };
}

async function hook(pathname: string, body: Record<string, string>, token: string | null = HOOK_SECRET) {
  const response = await fetch(`${url}${pathname}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { "x-emqx-token": token } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** The authn body emqx.conf sends for a client on the mTLS listener (zone mtls, CN as username and client id). */
function mtlsConnect(cn: string, certPem: string, overrides: Record<string, string> = {}) {
  return {
    clientid: cn,
    username: cn,
    password: "",
    peerhost: "10.1.2.3",
    cert_common_name: cn,
    cert_subject: `CN=${cn}`,
    zone: "mtls",
    cert_pem: certPem,
    ...overrides,
  };
}

function authz(clientid: string, topic: string, action: "publish" | "subscribe", extra: Record<string, string> = {}) {
  return {
    clientid,
    username: clientid,
    topic,
    action,
    qos: "1",
    retain: "false",
    cert_common_name: clientid,
    ...extra,
  };
}

beforeAll(async () => {
  await migrateDatabase(env.databaseUrl, () => {});
  prisma = getPrisma(env.databaseUrl);
  dir = mkdtempSync(path.join(tmpdir(), "fleetwire-emqx-hooks-"));
  app = buildServer(env);
  await app.listen({ host: "127.0.0.1", port: 0 });
  const address = app.server.address();
  if (!address || typeof address === "string") throw new Error("not listening on TCP");
  url = `http://127.0.0.1:${address.port}`;
});

afterAll(async () => {
  await app?.close();
  await disconnectPrisma();
  rmSync(dir, { recursive: true, force: true });
});

describe("POST /emqx/authn", () => {
  it("allows a provisioned device with its own certificate: fleet attribute, exact topics, expiry", async () => {
    const device = await seedDevice(prisma, { status: "provisioned" });
    const { certificate, certPem } = await seedCertificate(device.id);
    const { status, body } = await hook("/emqx/authn", mtlsConnect(device.id, certPem));
    expect(status).toBe(200);
    const topics = deviceTopics(device.fleetId, device.id);
    expect(body).toEqual({
      result: "allow",
      is_superuser: false,
      client_attrs: { fleet: device.fleetId },
      acl: [
        { permission: "allow", action: "publish", topics: topics.publish.map((t) => `eq ${t}`) },
        { permission: "allow", action: "subscribe", topics: topics.subscribe.map((t) => `eq ${t}`) },
      ],
      expire_at: Math.floor(certificate.expiresAt.getTime() / 1000),
    });
  });

  it("denies a client id that differs from the certificate CN", async () => {
    const device = await seedDevice(prisma, { status: "active" });
    const { certPem } = await seedCertificate(device.id);
    const { body } = await hook("/emqx/authn", mtlsConnect(device.id, certPem, { clientid: "someone-else" }));
    expect(body).toEqual({ result: "deny" });
  });

  it("denies a revoked certificate, an expired one, a revoked device and an unknown device", async () => {
    const revoked = await seedDevice(prisma, { status: "provisioned" });
    const { certPem: revokedPem } = await seedCertificate(revoked.id, { revokedAt: new Date() });
    expect((await hook("/emqx/authn", mtlsConnect(revoked.id, revokedPem))).body).toEqual({ result: "deny" });

    const expired = await seedDevice(prisma, { status: "provisioned" });
    const { certPem: expiredPem } = await seedCertificate(expired.id, { expiresAt: new Date(Date.now() - 1000) });
    expect((await hook("/emqx/authn", mtlsConnect(expired.id, expiredPem))).body).toEqual({ result: "deny" });

    const deviceRevoked = await seedDevice(prisma, { status: "revoked" });
    const { certPem: okPem } = await seedCertificate(deviceRevoked.id);
    expect((await hook("/emqx/authn", mtlsConnect(deviceRevoked.id, okPem))).body).toEqual({ result: "deny" });

    expect((await hook("/emqx/authn", mtlsConnect("dev-never-registered", okPem))).body).toEqual({ result: "deny" });
  });

  it("denies device B presenting device A's certificate", async () => {
    const a = await seedDevice(prisma, { status: "provisioned" });
    const b = await seedDevice(prisma, { status: "provisioned" });
    const { certPem: certOfA } = await seedCertificate(a.id);
    expect((await hook("/emqx/authn", mtlsConnect(b.id, certOfA))).body).toEqual({ result: "deny" });
  });

  it("without ${cert_pem}, uses the device's current certificate", async () => {
    const device = await seedDevice(prisma, { status: "provisioned" });
    const { certificate } = await seedCertificate(device.id);
    const { body } = await hook("/emqx/authn", mtlsConnect(device.id, ""));
    expect(body).toMatchObject({ result: "allow", expire_at: Math.floor(certificate.expiresAt.getTime() / 1000) });

    const onlyRevoked = await seedDevice(prisma, { status: "provisioned" });
    await seedCertificate(onlyRevoked.id, { revokedAt: new Date() });
    expect((await hook("/emqx/authn", mtlsConnect(onlyRevoked.id, ""))).body).toEqual({ result: "deny" });
  });

  it("allows the platform service user with its password, on the internal listener only", async () => {
    const service = {
      clientid: "bridge-1",
      username: env.mqtt.emqx.serviceUsername,
      peerhost: "10.0.0.5",
      zone: "default",
    };
    expect((await hook("/emqx/authn", { ...service, password: SERVICE_PASSWORD })).body).toEqual({
      result: "allow",
      is_superuser: false,
    });
    expect((await hook("/emqx/authn", { ...service, password: "wrong-password-123" })).body).toEqual({
      result: "deny",
    });
    expect(
      (await hook("/emqx/authn", { ...service, password: SERVICE_PASSWORD, cert_common_name: "x", zone: "mtls" })).body,
    ).toEqual({ result: "deny" });
  });

  it("denies PSK-zone clients (EMQX 5.8 cannot bind the PSK identity to the client id)", async () => {
    const device = await seedDevice(prisma, { status: "provisioned" });
    const { body } = await hook("/emqx/authn", {
      clientid: device.id,
      username: device.id,
      password: "x",
      zone: "psk",
    });
    expect(body).toEqual({ result: "deny" });
  });

  it("refuses callers without the shared x-emqx-token", async () => {
    const device = await seedDevice(prisma, { status: "provisioned" });
    const { certPem } = await seedCertificate(device.id);
    const missing = await hook("/emqx/authn", mtlsConnect(device.id, certPem), null);
    expect(missing.status).toBe(401);
    const wrong = await hook("/emqx/authn", mtlsConnect(device.id, certPem), "not-the-secret");
    expect(wrong).toMatchObject({ status: 401, body: { error: { code: "UNAUTHENTICATED" } } });
    expect((await hook("/emqx/authz", authz(device.id, "x", "publish"), "nope")).status).toBe(401);
  });
});

describe("POST /emqx/authz", () => {
  it("allows exactly the device's own publish and subscribe topics", async () => {
    const device = await seedDevice(prisma, { status: "active" });
    const topics = deviceTopics(device.fleetId, device.id);
    for (const topic of topics.publish)
      expect((await hook("/emqx/authz", authz(device.id, topic, "publish"))).body).toEqual({ result: "allow" });
    for (const topic of topics.subscribe)
      expect((await hook("/emqx/authz", authz(device.id, topic, "subscribe"))).body).toEqual({ result: "allow" });
  });

  it("denies everything else: wrong direction, other devices, other fleets, wildcards, shared subscriptions", async () => {
    const device = await seedDevice(prisma, { status: "active" });
    const other = await seedDevice(prisma, { status: "active" });
    const mine = deviceTopics(device.fleetId, device.id);
    const theirs = deviceTopics(other.fleetId, other.id);
    const denied: [string, "publish" | "subscribe"][] = [
      [mine.commands, "publish"],
      [mine.telemetry, "subscribe"],
      [theirs.telemetry, "publish"],
      [theirs.commands, "subscribe"],
      [deviceTopics(other.fleetId, device.id).telemetry, "publish"],
      [`${device.fleetId}/devices/+/telemetry`, "subscribe"],
      [`${device.fleetId}/devices/${device.id}/#`, "subscribe"],
      [`$share/ingest/${mine.telemetry}`, "subscribe"],
      ["#", "subscribe"],
    ];
    for (const [topic, action] of denied)
      expect((await hook("/emqx/authz", authz(device.id, topic, action))).body, `${action} ${topic}`).toEqual({
        result: "deny",
      });
  });

  it("denies unknown and suspended devices and a username that is not the client id", async () => {
    const suspended = await seedDevice(prisma, { status: "suspended" });
    const topic = deviceTopics(suspended.fleetId, suspended.id).telemetry;
    expect((await hook("/emqx/authz", authz(suspended.id, topic, "publish"))).body).toEqual({ result: "deny" });
    expect(
      (await hook("/emqx/authz", authz("dev-unknown", "f/devices/dev-unknown/telemetry", "publish"))).body,
    ).toEqual({
      result: "deny",
    });
    const device = await seedDevice(prisma, { status: "active" });
    const own = deviceTopics(device.fleetId, device.id).telemetry;
    expect((await hook("/emqx/authz", authz(device.id, own, "publish", { username: "x" }))).body).toEqual({
      result: "deny",
    });
  });

  it("allows the platform service user everything, shared subscriptions included", async () => {
    const service = env.mqtt.emqx.serviceUsername;
    const body = {
      clientid: "bridge-1",
      username: service,
      topic: "$share/ingest/+/devices/+/telemetry",
      action: "subscribe",
      qos: "1",
      retain: "false",
      cert_common_name: "",
    };
    expect((await hook("/emqx/authz", body)).body).toEqual({ result: "allow" });
  });
});
