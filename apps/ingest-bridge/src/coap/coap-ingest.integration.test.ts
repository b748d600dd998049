import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { KAFKA_TOPICS, loadPlatformConfig } from "@fleetwire/config";
import { createPrisma } from "@fleetwire/db";
import { probeCoapPing } from "@fleetwire/infra";
import { signCoapTelemetry, ZDeadLetterRecord, ZTelemetryRecord } from "@fleetwire/ingest";
import { type CaSigner, ensurePlatformCa } from "@fleetwire/pki";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BridgeUnderTest, startBridge } from "../testing/bridge-process.ts";
import { closeBrokerAccess, type IngestDevice, seedIngestDevice } from "../testing/ingest-device.ts";
import { waitForRecords } from "../testing/kafka-records.ts";
import { runCommand } from "../testing/run-command.ts";
import { ensureTestInfra } from "../testing/test-infra.ts";

// Requests are made by libcoap's coap-client (Debian libcoap3-bin). It exits 0 whatever the
// answer, so the response code is read from its -v 6 log.
const config = loadPlatformConfig();
const prisma = createPrisma(config.databaseUrl);
const work = mkdtempSync(path.join(tmpdir(), "fleetwire-coap-"));
let infra: { stop(): Promise<void> };
let ca: CaSigner;
let bridge: BridgeUnderTest;
let device: IngestDevice;

beforeAll(async () => {
  infra = await ensureTestInfra(config);
  ca = await ensurePlatformCa(config);
  bridge = await startBridge(config);
  device = await seedIngestDevice(prisma, config, ca);
});

afterAll(async () => {
  await bridge?.stop();
  await closeBrokerAccess();
  await prisma.$disconnect();
  await infra?.stop();
  rmSync(work, { recursive: true, force: true });
});

/** POSTs `payload` to /t/{deviceId} with coap-client; returns the response code, e.g. "2.04". */
async function coapPost(
  deviceId: string,
  payload: Buffer,
  auth: { pskId?: string; sig?: string } = {},
  blockSize?: number,
): Promise<{ code: string; out: string }> {
  const file = path.join(work, `${randomUUID()}.json`);
  writeFileSync(file, payload);
  const query = new URLSearchParams({
    ...(auth.pskId ? { psk_id: auth.pskId } : {}),
    ...(auth.sig ? { sig: auth.sig } : {}),
  }).toString();
  const uri = `coap://127.0.0.1:${bridge.ports.coap}/t/${deviceId}${query ? `?${query}` : ""}`;
  const r = await runCommand("coap-client-openssl", [
    ...["-m", "post", "-t", "json", "-f", file, "-v", "6", "-B", "10"],
    ...(blockSize ? ["-b", String(blockSize)] : []),
    uri,
  ]);
  // The last response line of the debug log, e.g. "v:1 t:ACK c:2.04 i:7e2d ...".
  const codes = [...r.out.matchAll(/\bc:(\d\.\d\d)\b/g)].map((m) => m[1] as string).filter((c) => c !== "0.02");
  return { code: codes.at(-1) ?? "none", out: r.out };
}

const envelope = (metrics: Record<string, unknown> = { temperature: 18 }, id = randomUUID()) =>
  Buffer.from(JSON.stringify({ message_id: id, timestamp: new Date().toISOString(), metrics }));
const signed = (d: IngestDevice, payload: Buffer) => ({
  pskId: d.psk.identity,
  sig: signCoapTelemetry(d.psk.key, d.id, payload),
});

describe("CoAP ingest", () => {
  it("answers a CoAP ping (empty CON) with a Reset", async () => {
    expect((await probeCoapPing("127.0.0.1", bridge.ports.coap)).ok).toBe(true);
  });

  it("2.04 for a signed message, which is then in telemetry.raw", async () => {
    const since = Date.now() - 1_000;
    const id = randomUUID();
    const payload = envelope({ temperature: 18 }, id);
    const r = await coapPost(device.id, payload, signed(device, payload));
    expect(r.code, r.out).toBe("2.04");
    const [record] = await waitForRecords(config, KAFKA_TOPICS.telemetryRaw.name, {
      key: device.id,
      sinceMs: since,
      count: 1,
    });
    expect(record?.headers.protocol).toBe("coap");
    expect(ZTelemetryRecord.parse(JSON.parse(record?.value ?? "null")).message_id).toBe(id);
  });

  it("2.04 for a larger message uploaded block-wise (Block1)", async () => {
    const payload = envelope({ temperature: 18, humidity: 45 });
    const padded = Buffer.concat([payload.subarray(0, -1), Buffer.from(`,"pad":"${"p".repeat(3000)}"}`)]);
    // Unknown envelope fields are ignored; only `metrics` is checked against the model schema.
    const r = await coapPost(device.id, padded, signed(device, padded), 512);
    expect(r.code, r.out.slice(-2000)).toBe("2.04");
  });

  it("4.00 for malformed JSON and schema violations, quarantined in telemetry.dlq", async () => {
    const since = Date.now() - 1_000;
    const broken = Buffer.from("{nope");
    expect((await coapPost(device.id, broken, signed(device, broken))).code).toBe("4.00");
    const invalid = envelope({ temperature: "cold" });
    expect((await coapPost(device.id, invalid, signed(device, invalid))).code).toBe("4.00");
    const dlq = await waitForRecords(config, KAFKA_TOPICS.telemetryDlq.name, {
      key: device.id,
      sinceMs: since,
      count: 2,
    });
    expect(dlq.map((r) => ZDeadLetterRecord.parse(JSON.parse(r.value ?? "null")).reason).sort()).toEqual([
      "invalid_json",
      "schema_violation",
    ]);
  });

  it("4.01 without a signature, with a wrong PSK or an unknown identity; 4.03 with another device's PSK", async () => {
    const payload = envelope();
    expect((await coapPost(device.id, payload)).code).toBe("4.01");
    const wrongKey = signCoapTelemetry(randomBytes(32), device.id, payload);
    expect((await coapPost(device.id, payload, { pskId: device.psk.identity, sig: wrongKey })).code).toBe("4.01");
    expect((await coapPost(device.id, payload, { pskId: "nobody", sig: wrongKey })).code).toBe("4.01");
    const other = await seedIngestDevice(prisma, config, ca);
    const asOther = { pskId: other.psk.identity, sig: signCoapTelemetry(other.psk.key, device.id, payload) };
    expect((await coapPost(device.id, payload, asOther)).code).toBe("4.03");
  });

  it("4.13 for a payload over the size limit (sent block-wise)", async () => {
    const payload = envelope({ temperature: 1, blob: "x".repeat(config.limits.maxPayloadBytes) });
    const r = await coapPost(device.id, payload, signed(device, payload), 1024);
    expect(r.code).toBe("4.13");
  });
});
