import { REVOCATIONS_CHANNEL as INGEST_CHANNEL, ZRevocationMessage } from "@fleetwire/ingest";
import { describe, expect, it } from "vitest";
import { REVOCATIONS_CHANNEL, ZRevocationNotice } from "./revocation-notice.ts";
import { ZDeviceId, ZProvisionRequest, ZRevokeCertificateRequest } from "./schemas.ts";

describe("device ids", () => {
  it("accepts safe ids and refuses reserved and unsafe ones", () => {
    for (const ok of ["dev-1", "A.b_c-9", "x".repeat(128)]) expect(ZDeviceId.safeParse(ok).success, ok).toBe(true);
    for (const bad of [
      "",
      "-dev",
      "a/b",
      "a+b",
      "a#",
      "a b",
      "a:b",
      "x".repeat(129),
      "fleetwire-service",
      "Fleetwire-health",
    ])
      expect(ZDeviceId.safeParse(bad).success, bad).toBe(false);
  });
});

describe("requests", () => {
  it("provisioning takes either a CSR or generate_key", () => {
    const base = { device_id: "d1", model: "m", firmware_version: "1" };
    expect(ZProvisionRequest.safeParse({ ...base, csr: "x" }).success).toBe(true);
    expect(ZProvisionRequest.safeParse({ ...base, generate_key: true }).success).toBe(true);
    expect(ZProvisionRequest.safeParse(base).success).toBe(false);
    expect(ZProvisionRequest.safeParse({ ...base, csr: "x", generate_key: true }).success).toBe(false);
  });

  it("revocation reasons by RFC 5280 name or code", () => {
    expect(ZRevokeCertificateRequest.parse({ reason: "keyCompromise" }).reason).toBe("keyCompromise");
    expect(ZRevokeCertificateRequest.parse({ reason: 4 }).reason).toBe("superseded");
    expect(ZRevokeCertificateRequest.safeParse({ reason: 7 }).success).toBe(false);
    expect(ZRevokeCertificateRequest.safeParse({ reason: "bored" }).success).toBe(false);
  });
});

describe("revocation notices", () => {
  it("are what the ingest bridge's revocation listener reads, on the same channel", () => {
    expect(REVOCATIONS_CHANNEL).toBe(INGEST_CHANNEL);
    const cert = ZRevocationNotice.parse({
      type: "certificate.revoked",
      device_id: "d1",
      serial: "ab12",
      reason: "keyCompromise",
      at: new Date().toISOString(),
    });
    expect(ZRevocationMessage.parse(cert)).toMatchObject({ device_id: "d1", serial: "ab12" });
    const psk = { type: "psk.revoked", device_id: "d1", psk_identity: "d1", reason: "x", at: "now" };
    expect(ZRevocationMessage.parse(ZRevocationNotice.parse(psk))).toMatchObject({
      device_id: "d1",
      psk_identity: "d1",
    });
  });
});
