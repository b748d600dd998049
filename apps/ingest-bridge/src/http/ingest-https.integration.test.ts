import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { KAFKA_TOPICS, loadPlatformConfig } from "@fleetwire/config";
import { createPrisma } from "@fleetwire/db";
import { publishRevocation, ZDeadLetterRecord, ZTelemetryRecord } from "@fleetwire/ingest";
import { type CaSigner, ensurePlatformCa, issueClientCertificate } from "@fleetwire/pki";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BridgeUnderTest, startBridge } from "../testing/bridge-process.ts";
import { closeBrokerAccess, type IngestDevice, seedIngestDevice } from "../testing/ingest-device.ts";
import { readRecords, waitForRecords } from "../testing/kafka-records.ts";
import { runCommand } from "../testing/run-command.ts";
import { ensureTestInfra } from "../testing/test-infra.ts";

// Every request is made by curl with a real client certificate; Kafka is read with kcat.
const config = loadPlatformConfig();
const prisma = createPrisma(config.databaseUrl);
const redis = new Redis(config.redisUrl);
const work = mkdtempSync(path.join(tmpdir(), "fleetwire-https-"));
let infra: { stop(): Promise<void> };
let ca: CaSigner;
let bridge: BridgeUnderTest;

beforeAll(async () => {
  infra = await ensureTestInfra(config);
  ca = await ensurePlatformCa(config);
  bridge = await startBridge(config);
});

afterAll(async () => {
  await bridge?.stop();
  await closeBrokerAccess();
  await prisma.$disconnect();
  redis.disconnect();
  await infra?.stop();
  rmSync(work, { recursive: true, force: true });
});

interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  json: { error?: { code: string; message: string; details?: unknown }; accepted?: number; message_ids?: string[] };
}

async function post(
  body: string,
  options: { cert?: { certFile: string; keyFile: string }; contentType?: string } = {},
): Promise<HttpAnswer> {
  const r = await runCommand(
    "curl",
    [
      ...["-sS", "-i", "--cacert", config.pki.caChainPath],
      ...(options.cert ? ["--cert", options.cert.certFile, "--key", options.cert.keyFile] : []),
      ...["-H", `content-type: ${options.contentType ?? "application/json"}`, "--data-binary", "@-"],
      `https://127.0.0.1:${bridge.ports.https}/v1/telemetry`,
    ],
    body,
  );
  const [head = "", ...rest] = r.out.split("\r\n\r\n");
  const [statusLine = "", ...headerLines] = head.split("\r\n");
  const headers = Object.fromEntries(
    headerLines.map((l) => [l.slice(0, l.indexOf(":")).toLowerCase(), l.slice(l.indexOf(":") + 1).trim()]),
  );
  const status = Number(statusLine.split(" ")[1]);
  if (!status) throw new Error(`curl: ${r.out}`);
  return { status, headers, json: JSON.parse(rest.join("\r\n\r\n") || "{}") };
}

const message = (metrics: Record<string, unknown> = { temperature: 20 }, extra: Record<string, unknown> = {}) => ({
  message_id: randomUUID(),
  timestamp: new Date().toISOString(),
  metrics,
  ...extra,
});

describe("HTTP ingest: POST /v1/telemetry", () => {
  let device: IngestDevice;
  beforeAll(async () => {
    device = await seedIngestDevice(prisma, config, ca);
  });

  it("202 for one message and for a batch, once Kafka has them", async () => {
    const since = Date.now() - 1_000;
    const one = message();
    const single = await post(JSON.stringify(one), { cert: device });
    expect(single.status).toBe(202);
    expect(single.json).toEqual({ accepted: 1, message_ids: [one.message_id] });
    const batch = [message(), message({ temperature: 3, humidity: 50 }), message()];
    const many = await post(JSON.stringify({ messages: batch }), { cert: device });
    expect(many.status).toBe(202);
    expect(many.json.accepted).toBe(3);
    const records = await waitForRecords(config, KAFKA_TOPICS.telemetryRaw.name, {
      key: device.id,
      sinceMs: since,
      count: 4,
    });
    const ids = records.map((r) => ZTelemetryRecord.parse(JSON.parse(r.value ?? "null")).message_id).sort();
    expect(ids).toEqual([one.message_id, ...batch.map((m) => m.message_id)].sort());
    expect(records.every((r) => r.headers.protocol === "http" && r.headers.fleet === device.fleetId)).toBe(true);
  });

  it("400 with the reason for malformed JSON and schema violations, quarantined in telemetry.dlq", async () => {
    const since = Date.now() - 1_000;
    const broken = await post("{oops", { cert: device });
    expect(broken.status).toBe(400);
    expect(broken.json.error?.code).toBe("VALIDATION_FAILED");
    expect(broken.json.error?.message).toContain("invalid_json");
    const invalid = message({ temperature: "hot" });
    const schema = await post(JSON.stringify({ messages: [message(), invalid] }), { cert: device });
    expect(schema.status).toBe(400);
    expect(schema.json.error?.details).toEqual({
      rejected: [
        {
          index: 1,
          message_id: invalid.message_id,
          reason: "schema_violation",
          detail: expect.stringContaining("temperature"),
        },
      ],
    });
    const dlq = await waitForRecords(config, KAFKA_TOPICS.telemetryDlq.name, {
      key: device.id,
      sinceMs: since,
      count: 2,
    });
    expect(dlq.map((r) => ZDeadLetterRecord.parse(JSON.parse(r.value ?? "null")).reason).sort()).toEqual([
      "invalid_json",
      "schema_violation",
    ]);
    // All or nothing: the valid message of the rejected batch is not in telemetry.raw.
    expect(await readRecords(config, KAFKA_TOPICS.telemetryRaw.name, { key: device.id, sinceMs: since })).toEqual([]);
  });

  it("401 without a client certificate, with another CA's, or with a platform certificate no device owns", async () => {
    const none = await post(JSON.stringify(message()));
    expect(none.status).toBe(401);
    expect(none.json.error?.code).toBe("UNAUTHENTICATED");

    const foreignKey = path.join(work, "foreign.key");
    const foreignCert = path.join(work, "foreign.pem");
    const made = await runCommand("openssl", [
      ...["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"],
      ...["-subj", `/CN=${device.id}`, "-days", "1", "-keyout", foreignKey, "-out", foreignCert],
    ]);
    expect(made.code, made.out).toBe(0);
    const foreign = await post(JSON.stringify(message()), { cert: { certFile: foreignCert, keyFile: foreignKey } });
    expect(foreign.status).toBe(401);

    const stray = await issueClientCertificate(ca, { commonName: device.id, validityDays: 1 });
    const strayCert = path.join(work, "stray.pem");
    const strayKey = path.join(work, "stray.key");
    await import("node:fs").then((fs) => {
      fs.writeFileSync(strayCert, stray.certPem);
      fs.writeFileSync(strayKey, stray.keyPem ?? "");
    });
    const unknown = await post(JSON.stringify(message()), { cert: { certFile: strayCert, keyFile: strayKey } });
    expect(unknown.status).toBe(401);
    expect(unknown.json.error?.message).toContain("not a registered device certificate");
  });

  it("403 once the certificate is revoked (at once, through the revocation channel) and for another device's id", async () => {
    const victim = await seedIngestDevice(prisma, config, ca);
    expect((await post(JSON.stringify(message()), { cert: victim })).status).toBe(202);
    const other = await post(JSON.stringify(message({ temperature: 1 }, { device_id: device.id })), { cert: victim });
    expect(other.status).toBe(403);
    expect(other.json.error?.code).toBe("FORBIDDEN");

    await prisma.deviceCertificate.update({ where: { serial: victim.serial }, data: { revokedAt: new Date() } });
    await publishRevocation(redis, { device_id: victim.id, serial: victim.serial });
    await new Promise((r) => setTimeout(r, 200));
    const revoked = await post(JSON.stringify(message()), { cert: victim });
    expect(revoked.status).toBe(403);
    expect(revoked.json.error?.message).toContain("revoked");
  });

  it("413 over the size limit and 415 for a body that is not application/json", async () => {
    const big = JSON.stringify(message({ temperature: 1, blob: "x".repeat(config.limits.maxPayloadBytes) }));
    const tooLarge = await post(big, { cert: device });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.json.error?.code).toBe("PAYLOAD_TOO_LARGE");
    const text = await post("temperature=20", { cert: device, contentType: "text/plain" });
    expect(text.status).toBe(415);
    expect(text.json.error?.code).toBe("UNSUPPORTED_MEDIA_TYPE");
  });

  it("429 with Retry-After once the device's token bucket is empty", async () => {
    const busy = await seedIngestDevice(prisma, config, ca);
    const batch = () => JSON.stringify({ messages: Array.from({ length: 300 }, () => message()) });
    expect((await post(batch(), { cert: busy })).status).toBe(202);
    const limited = await post(batch(), { cert: busy });
    expect(limited.status).toBe(429);
    expect(limited.json.error?.code).toBe("RATE_LIMITED");
    expect(Number(limited.headers["retry-after"])).toBeGreaterThanOrEqual(1);
  });
});
