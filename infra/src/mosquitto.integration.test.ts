import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { BrokerProfile } from "@fleetwire/broker";
import { loadPlatformConfig } from "@fleetwire/config";
import {
  type CaSigner,
  ensurePlatformCa,
  generateCrl,
  issueClientCertificate,
  platformCaPaths,
  readCrlEntries,
  writeAtomic,
} from "@fleetwire/pki";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ManagedProcess } from "./managed-process.ts";
import {
  mosquittoHealth,
  readMosquittoPskFile,
  readServiceCredentials,
  reloadMosquitto,
  startMosquitto,
  writeMosquittoConfig,
  writeMosquittoPskFile,
} from "./mosquitto.ts";
import { createMosquittoBrokerProfile } from "./mosquitto-broker-profile.ts";

// Everything here is checked from outside with Debian's openssl and mosquitto clients.
const config = loadPlatformConfig();
const chain = config.pki.caChainPath;
const mtls = ["-h", "127.0.0.1", "-p", String(config.ports.mqttMtls), "--cafile", chain];
let ca: CaSigner;
let broker: ManagedProcess | undefined;
let work: string;
let service: { username: string; password: string; port: number };
let profile: BrokerProfile;

beforeAll(async () => {
  ca = await ensurePlatformCa(config);
  if (!(await mosquittoHealth(config)).ok) {
    await writeMosquittoConfig(config, ca);
    broker = await startMosquitto(config);
  }
  service = readServiceCredentials(config);
  profile = await createMosquittoBrokerProfile(config);
  work = mkdtempSync(path.join(tmpdir(), "fleetwire-mqtt-"));
});

afterAll(async () => {
  await profile?.close();
  await broker?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  out: string;
}

function run(command: string, args: string[], input = ""): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("close", (code) => resolve({ code, out }));
    // A client that exits early (a refused connection) closes its stdin: that is its answer, not an error.
    child.stdin.on("error", () => {});
    child.stdin.end(input);
  });
}

/** A subscriber that resolves `ready` once the broker acknowledged the subscription. */
function subscribe(args: string[], count = 1, waitSeconds = 15) {
  // Line-buffered, or the SUBACK line would only appear when the client exits.
  const child: ChildProcess = spawn("stdbuf", [
    "-oL",
    "mosquitto_sub",
    ...args,
    "-V",
    "mqttv5",
    "-d",
    "-C",
    String(count),
    "-W",
    String(waitSeconds),
  ]);
  let out = "";
  const ready = new Promise<void>((resolve) => {
    const onData = (d: Buffer) => {
      out += d;
      if (out.includes("SUBACK")) resolve();
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
  });
  const done = new Promise<Run>((resolve) => child.on("close", (code) => resolve({ code, out })));
  return { ready, done };
}

async function deviceCert(commonName: string, fleetId = "fleet-a") {
  await profile.upsertDevice({ deviceId: commonName, fleetId });
  const issued = await issueClientCertificate(ca, { commonName, validityDays: 1 });
  const cert = path.join(work, `${commonName}.pem`);
  const key = path.join(work, `${commonName}.key`);
  writeFileSync(cert, issued.certPem);
  writeFileSync(key, issued.keyPem ?? "", { mode: 0o600 });
  // The client id must be the device id (the certificate CN).
  const tlsArgs = [...mtls, "--cert", cert, "--key", key];
  return { cert, key, serial: issued.serialNumber, tlsArgs, args: [...tlsArgs, "-i", commonName] };
}

const asService = () => ["-h", "127.0.0.1", "-p", String(service.port), "-u", service.username, "-P", service.password];

describe("local Mosquitto broker", () => {
  it("mTLS listener: openssl verifies the server against the platform CA chain", async () => {
    const dev = await deviceCert("dev-s-client");
    const r = await run("openssl", [
      ...["s_client", "-connect", `127.0.0.1:${config.ports.mqttMtls}`, "-CAfile", chain],
      ...["-cert", dev.cert, "-key", dev.key, "-verify_return_error"],
    ]);
    expect(r.out).toContain("Verify return code: 0 (ok)");
    expect(r.code).toBe(0);
  });

  it("a device with a platform certificate publishes telemetry and receives commands on its own topics only", async () => {
    const dev = await deviceCert("dev-1");
    // Telemetry reaches the platform's shared subscription, the way the ingest bridge reads it.
    // A group of its own: the broker keeps persistent members of the real "ingest" group between runs.
    const group = `probe-${randomBytes(3).toString("hex")}`;
    const telemetry = subscribe([...asService(), "-t", `$share/${group}/+/devices/+/telemetry`]);
    await telemetry.ready;
    const pub = await run("mosquitto_pub", [
      ...dev.args,
      ...["-V", "mqttv5", "-q", "1", "-d", "-t", "fleet-a/devices/dev-1/telemetry", "-m", '{"t":21.5}'],
    ]);
    expect(pub.code).toBe(0);
    expect(pub.out).not.toContain("RC:135");
    const received = await telemetry.done;
    expect(received.out).toContain('{"t":21.5}');

    // A command from the platform reaches the device.
    const commands = subscribe([...dev.args, "-q", "1", "-t", "fleet-a/devices/dev-1/commands"]);
    await commands.ready;
    const cmd = await run("mosquitto_pub", [
      ...asService(),
      "-q",
      "1",
      "-t",
      "fleet-a/devices/dev-1/commands",
      "-m",
      "reboot",
    ]);
    expect(cmd.code).toBe(0);
    expect((await commands.done).out).toContain("reboot");

    // Another device's topic: MQTT 5 PUBACK 0x87 (not authorized).
    const foreign = await run("mosquitto_pub", [
      ...dev.args,
      ...["-V", "mqttv5", "-q", "1", "-d", "-t", "fleet-a/devices/dev-2/telemetry", "-m", "x"],
    ]);
    expect(foreign.out).toContain("RC:135");
  });

  it("refuses a certificate once it is in the CRL and the broker reloaded", async () => {
    const dev = await deviceCert("dev-revoked");
    const publish = () =>
      run("mosquitto_pub", [
        ...dev.args,
        "-V",
        "mqttv5",
        "-q",
        "1",
        "-t",
        "fleet-a/devices/dev-revoked/telemetry",
        "-m",
        "x",
      ]);
    expect((await publish()).code).toBe(0);
    const crlFile = platformCaPaths(config).crlPem;
    const entries = readCrlEntries(readFileSync(crlFile, "utf8"));
    const crl = await generateCrl(
      ca,
      [...entries, { serial: dev.serial, revokedAt: new Date(), reason: "keyCompromise" }],
      {
        nextUpdateHours: 7 * 24,
      },
    );
    writeAtomic(crlFile, crl.pem, 0o644);
    reloadMosquitto(broker ?? config);
    const refused = await eventually(async () => (await publish()).code !== 0);
    expect(refused).toBe(true);
    // The broker is up and still takes every other certificate.
    const other = await deviceCert("dev-not-revoked");
    const ok = await run("mosquitto_pub", [
      ...other.args,
      "-q",
      "1",
      "-t",
      "fleet-a/devices/dev-not-revoked/telemetry",
      "-m",
      "x",
    ]);
    expect(ok.code).toBe(0);
  });

  describe("TLS-PSK listener", () => {
    const identity = `dev-psk-${randomBytes(3).toString("hex")}`;
    const key = randomBytes(32).toString("hex");
    let before: ReturnType<typeof readMosquittoPskFile>;
    beforeAll(async () => {
      await profile.upsertDevice({ deviceId: identity, fleetId: "fleet-a" });
      before = readMosquittoPskFile(config);
      writeMosquittoPskFile(config, [...before, { identity, keyHex: key }]);
      reloadMosquitto(broker ?? config);
    });
    afterAll(() => {
      writeMosquittoPskFile(config, before);
      reloadMosquitto(broker ?? config);
    });
    const publishWith = (psk: string, clientId = identity) =>
      run("mosquitto_pub", [
        ...["-h", "127.0.0.1", "-p", String(config.ports.mqttPsk), "--psk", psk, "--psk-identity", identity],
        ...["-i", clientId],
        ...["-V", "mqttv5", "-q", "1", "-d", "-t", `fleet-a/devices/${identity}/telemetry`, "-m", "x"],
      ]);

    it("accepts the right key and publishes on the identity's own topic", async () => {
      const ok = await eventually(async () => (await publishWith(key)).code === 0);
      expect(ok).toBe(true);
      const r = await publishWith(key);
      expect(r.out).toContain("PUBACK");
      expect(r.out).not.toContain("RC:135");
    });

    it("refuses a client id other than the PSK identity with CONNACK 0x87", async () => {
      const r = await publishWith(key, "dev-someone-else");
      expect(r.out).toContain("received CONNACK (135)");
      expect(r.out).not.toContain("PUBACK");
      expect(r.code).not.toBe(0);
    });

    it("refuses a wrong key", async () => {
      const r = await publishWith(randomBytes(32).toString("hex"));
      expect(r.code).not.toBe(0);
      expect(r.out).not.toContain("PUBACK");
    });
  });

  it("a device may not subscribe to another device's commands (SUBACK 0x87)", async () => {
    const dev = await deviceCert("dev-sub");
    const r = await run("mosquitto_sub", [
      ...dev.args,
      ...["-V", "mqttv5", "-d", "-t", "fleet-a/devices/dev-other/commands", "-W", "2"],
    ]);
    expect(r.out).toMatch(/Subscribed \(mid: \d+\): 135/);
    const own = await run("mosquitto_sub", [
      ...dev.args,
      ...["-V", "mqttv5", "-d", "-t", "fleet-a/devices/dev-sub/commands", "-W", "1"],
    ]);
    expect(own.out).toMatch(/Subscribed \(mid: \d+\): 0/);
  });

  it("a client id other than the certificate CN is refused with CONNACK 0x87; the real session is untouched", async () => {
    const victim = await deviceCert("dev-victim");
    const intruder = await deviceCert("dev-intruder");
    const session = subscribe([...victim.args, "-q", "1", "-t", "fleet-a/devices/dev-victim/commands"]);
    await session.ready;
    const group = `probe-${randomBytes(3).toString("hex")}`;
    const telemetry = subscribe([...asService(), "-t", `$share/${group}/+/devices/+/telemetry`], 1, 3);
    await telemetry.ready;
    // The intruder's certificate with the victim's client id (a session takeover if it were let in),
    // and with a made-up client id: both refused at CONNECT, before any PUBLISH.
    for (const clientId of ["dev-victim", "not-a-device"]) {
      const r = await run("mosquitto_pub", [
        ...intruder.tlsArgs,
        ...["-i", clientId, "-V", "mqttv5", "-q", "1", "-d", "-t", "fleet-a/devices/dev-intruder/telemetry"],
        ...["-m", `from-${clientId}`],
      ]);
      expect(r.out).toContain("received CONNACK (135)");
      expect(r.out).not.toContain("Sending PUBLISH");
      expect(r.code).not.toBe(0);
    }
    // MQTT 3.1.1: CONNACK 5 (not authorised).
    const v311 = await run("mosquitto_pub", [
      ...intruder.tlsArgs,
      ...["-i", "dev-victim", "-q", "1", "-d", "-t", "fleet-a/devices/dev-intruder/telemetry", "-m", "x"],
    ]);
    expect(v311.out).toContain("received CONNACK (5)");
    expect((await telemetry.done).out).not.toContain("from-");
    // With its own client id the same certificate works.
    const own = await run("mosquitto_pub", [
      ...intruder.args,
      ...["-V", "mqttv5", "-q", "1", "-d", "-t", "fleet-a/devices/dev-intruder/telemetry", "-m", "x"],
    ]);
    expect(own.out).toContain("received CONNACK (0)");
    expect(own.out).toMatch(/received PUBACK \(Mid: \d+, RC:(0|16)\)/); // 16: the probe has left, no subscriber
    await run("mosquitto_pub", [
      ...asService(),
      "-q",
      "1",
      "-t",
      "fleet-a/devices/dev-victim/commands",
      "-m",
      "still-here",
    ]);
    const victimOut = await session.done;
    expect(victimOut.out).toContain("still-here");
    expect(victimOut.out).not.toContain("Received DISCONNECT");
  });

  it("a persistent session survives a broker restart: a QoS 1 command sent while the device was offline arrives", async (ctx) => {
    if (!broker) ctx.skip(); // only a broker this test started may be restarted
    const dev = await deviceCert(`dev-persist-${randomBytes(3).toString("hex")}`);
    const topic = `fleet-a/devices/${path.basename(dev.cert, ".pem")}/commands`;
    // Clean start false (-c) with a session expiry; -E: leave right after the SUBACK.
    const session = ["-V", "mqttv5", "-c", "-x", "3600", "-q", "1", "-t", topic];
    const first = await run("mosquitto_sub", [...dev.args, ...session, "-d", "-E"]);
    expect(first.out).toMatch(/Subscribed \(mid: \d+\): 1/);
    const cmd = await run("mosquitto_pub", [
      ...asService(),
      "-V",
      "mqttv5",
      "-q",
      "1",
      "-d",
      "-t",
      topic,
      "-m",
      "while-away",
    ]);
    expect(cmd.out).toMatch(/received PUBACK \(Mid: \d+, RC:0\)/); // 0: the offline session is a subscriber
    await broker?.stop();
    broker = await startMosquitto(config);
    // The profile's control connection went down with the broker: later tests get a fresh one.
    await profile.close();
    profile = await createMosquittoBrokerProfile(config);
    const back = await run("mosquitto_sub", [...dev.args, ...session, "-C", "1", "-W", "10"]);
    expect(back.out).toContain("while-away");
    expect(back.code).toBe(0);
  });

  it("disconnectDevice drops the live session at once with DISCONNECT 0x98", async () => {
    const dev = await deviceCert("dev-kick");
    const session = subscribe([...dev.args, "-q", "1", "-t", "fleet-a/devices/dev-kick/commands"], 5);
    await session.ready;
    await profile.disconnectDevice("dev-kick", { block: true });
    const out = await session.done;
    expect(out.out).toContain("Received DISCONNECT (152)");
  });

  it("service listener: the service user publishes with its password; a wrong password is refused", async () => {
    const ok = await run("mosquitto_pub", [
      ...asService(),
      "-V",
      "mqttv5",
      "-q",
      "1",
      "-d",
      "-t",
      "fleet-a/devices/dev-9/commands",
      "-m",
      "x",
    ]);
    expect(ok.code).toBe(0);
    expect(ok.out).not.toContain("RC:135");
    const wrong = await run("mosquitto_pub", [
      ...["-h", "127.0.0.1", "-p", String(service.port), "-u", service.username, "-P", "wrong-password"],
      ...["-V", "mqttv5", "-q", "1", "-t", "x", "-m", "x"],
    ]);
    expect(wrong.code).not.toBe(0);
    expect(wrong.out).toMatch(/not authori[sz]ed|Bad user name or password/i);
  });
});

async function eventually(check: () => Promise<boolean>, timeoutMs = 5_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await sleep(200);
  }
  return false;
}
