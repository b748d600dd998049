import { disconnectPrisma } from "@fleetwire/db";
import { SAMPLE_TELEMETRY_SCHEMA, seedDevice, seedFleet, uniqueSuffix } from "@fleetwire/db/testing";
import { makeSelfSignedCertificate } from "@fleetwire/registry/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestControlPlane, type TestControlPlane } from "../testing/start-test-control-plane.ts";
import { failureOf, testTrpcClient } from "../testing/test-trpc-client.ts";

let cp: TestControlPlane;
let api: ReturnType<typeof testTrpcClient>;
let auditorApi: ReturnType<typeof testTrpcClient>;
let operatorEmail: string;

beforeAll(async () => {
  cp = await startTestControlPlane();
  const operator = await cp.operatorWithToken("operator");
  operatorEmail = operator.email;
  api = testTrpcClient(cp.url, operator.token);
  auditorApi = testTrpcClient(cp.url, (await cp.operatorWithToken("auditor")).token);
});

afterAll(async () => {
  await cp?.close();
  await disconnectPrisma();
});

const auditRows = (targetId: string) => cp.prisma.auditLog.findMany({ where: { targetId }, orderBy: { id: "asc" } });

describe("fleets", () => {
  it("creates, updates and lists fleets, with slugs unique per organisation", async () => {
    const slug = `plant-${uniqueSuffix()}`;
    const fleet = await api.fleets.create.mutate({ name: "North plant", slug });
    expect(fleet).toMatchObject({ name: "North plant", slug, deviceCount: 0 });

    const taken = await failureOf(api.fleets.create.mutate({ name: "Again", slug }));
    expect(taken).toMatchObject({ status: 409, appCode: "CONFLICT" });
    expect(taken.message).toBe(`a fleet with slug "${slug}" already exists in this organisation`);

    // The same slug in another organisation is fine.
    const other = await cp.operatorWithToken("operator", (await seedFleet(cp.prisma)).organisationId);
    await expect(testTrpcClient(cp.url, other.token).fleets.create.mutate({ name: "x", slug })).resolves.toBeTruthy();

    const updated = await api.fleets.update.mutate({ fleetId: fleet.id, name: "North plant 2", description: "hall B" });
    expect(updated).toMatchObject({ name: "North plant 2", description: "hall B", slug });
    expect((await api.fleets.list.query()).map((f) => f.slug)).toEqual([slug]);
    expect(await api.fleets.get.query({ fleetId: fleet.id })).toMatchObject({ name: "North plant 2" });

    const rows = await auditRows(fleet.id);
    expect(rows.map((r) => [r.action, r.outcome, r.actorId])).toEqual([
      ["fleet.create", "success", expect.any(String)],
      ["fleet.update", "success", expect.any(String)],
    ]);
  });

  it("answers 404 for another organisation's fleet", async () => {
    const foreign = await seedFleet(cp.prisma);
    expect(await failureOf(api.fleets.get.query({ fleetId: foreign.id }))).toMatchObject({ status: 404 });
  });
});

describe("device models", () => {
  it("refuses an invalid telemetry JSON Schema with a precise 400, and audits the refusal", async () => {
    const name = `sensor-${uniqueSuffix()}`;
    const refused = await failureOf(
      api.models.create.mutate({
        name,
        telemetrySchema: { type: "object", properties: { temperature: { type: "nummber" } } },
      }),
    );
    expect(refused).toMatchObject({ status: 400, appCode: "VALIDATION_FAILED" });
    expect(refused.message).toBe(
      "telemetrySchema is not a valid JSON Schema (draft 2020-12): /properties/temperature/type must be equal to " +
        "one of the allowed values: array, boolean, integer, null, number, object, string",
    );
    const misspelt = await failureOf(
      api.models.create.mutate({ name, telemetrySchema: { type: "object", requird: ["temperature"] } }),
    );
    expect(misspelt.message).toContain('strict mode: unknown keyword: "requird"');

    const audit = await cp.prisma.auditLog.findFirst({
      where: { action: "device_model.create", outcome: "failure", details: { path: ["name"], equals: name } },
      orderBy: { id: "asc" },
    });
    expect(audit?.reason).toContain("/properties/temperature/type must be equal to one of the allowed values");
    expect(await cp.prisma.deviceModel.count({ where: { name } })).toBe(0);
  });

  it("creates a model with a default fleet and bumps the schema version only when the schema changes", async () => {
    const fleet = await api.fleets.create.mutate({ name: "Models", slug: `models-${uniqueSuffix()}` });
    const model = await api.models.create.mutate({
      name: `thermo-${uniqueSuffix()}`,
      telemetrySchema: { ...SAMPLE_TELEMETRY_SCHEMA },
      defaultFleetId: fleet.id,
      outlierPolicy: "quarantine",
    });
    expect(model).toMatchObject({ schemaVersion: 1, outlierPolicy: "quarantine", defaultFleet: { id: fleet.id } });

    const same = await api.models.update.mutate({ modelId: model.id, telemetrySchema: { ...SAMPLE_TELEMETRY_SCHEMA } });
    expect(same.schemaVersion).toBe(1);
    const changed = await api.models.update.mutate({
      modelId: model.id,
      telemetrySchema: { ...SAMPLE_TELEMETRY_SCHEMA, required: ["temperature", "humidity"] },
    });
    expect(changed.schemaVersion).toBe(2);
    expect(changed.telemetrySchema.required).toEqual(["temperature", "humidity"]);
    const invalid = await failureOf(api.models.update.mutate({ modelId: model.id, telemetrySchema: { type: 7 } }));
    expect(invalid).toMatchObject({ status: 400, appCode: "VALIDATION_FAILED" });
    expect((await api.models.get.query({ modelId: model.id })).schemaVersion).toBe(2);
    expect((await api.models.list.query({ fleetId: fleet.id })).map((m) => m.id)).toEqual([model.id]);
  });
});

describe("trusted manufacturer CAs", () => {
  it("trusts a CA certificate per model or fleet, refuses a non-CA certificate, lists and removes", async () => {
    const fleet = await api.fleets.create.mutate({ name: "CAs", slug: `cas-${uniqueSuffix()}` });
    const leaf = await makeSelfSignedCertificate({ ca: false, commonName: "device-42" });
    const refused = await failureOf(api.manufacturerCas.trust.mutate({ pem: leaf, fleetId: fleet.id }));
    expect(refused).toMatchObject({ status: 400, appCode: "BAD_REQUEST" });
    expect(refused.message).toBe(
      "not a CA certificate: basicConstraints cA is false (subject CN=device-42, O=Fleetwire Tests)",
    );
    const neither = await failureOf(api.manufacturerCas.trust.mutate({ pem: leaf }));
    expect(neither.status).toBe(400);

    const pem = await makeSelfSignedCertificate({ commonName: "Acme Bootstrap CA" });
    const ca = await api.manufacturerCas.trust.mutate({ pem, fleetId: fleet.id });
    expect(ca).toMatchObject({
      name: "Acme Bootstrap CA",
      subject: "CN=Acme Bootstrap CA, O=Fleetwire Tests",
      scope: { type: "fleet", id: fleet.id },
      expired: false,
    });
    expect(ca.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    const again = await failureOf(api.manufacturerCas.trust.mutate({ pem, fleetId: fleet.id }));
    expect(again.status).toBe(409);

    expect((await api.manufacturerCas.list.query({ fleetId: fleet.id })).map((c) => c.id)).toEqual([ca.id]);
    await api.manufacturerCas.remove.mutate({ caId: ca.id });
    expect(await api.manufacturerCas.list.query({ fleetId: fleet.id })).toEqual([]);
    const row = await cp.prisma.trustedManufacturerCa.findUniqueOrThrow({ where: { id: ca.id } });
    expect(row.disabledAt).toBeInstanceOf(Date);
    expect((await auditRows(ca.id)).map((r) => r.action)).toEqual(["manufacturer_ca.trust", "manufacturer_ca.remove"]);
  });
});

describe("devices", () => {
  it("filters by status, fleet, model, firmware and text, and pages with a cursor", async () => {
    const organisationId = cp.organisation.id;
    const fleetA = await seedFleet(cp.prisma, { organisationId });
    const fleetB = await seedFleet(cp.prisma, { organisationId });
    const tag = uniqueSuffix();
    const make = (id: string, data: Parameters<typeof seedDevice>[1]) =>
      seedDevice(cp.prisma, { id: `${tag}-${id}`, ...data });
    const a1 = await make("a1", { fleetId: fleetA.id, online: true, attributes: { name: "Boiler room" } });
    await make("a2", { fleetId: fleetA.id, online: false, firmwareVersion: "2.0.0" });
    await make("a3", { fleetId: fleetA.id, status: "revoked", online: true });
    await make("b1", { fleetId: fleetB.id, online: true, lastSeenAt: new Date("2026-11-01T10:00:00Z") });
    await seedDevice(cp.prisma, { id: `${tag}-foreign`, online: true }); // another organisation's

    const ids = async (filters: Parameters<typeof api.devices.list.query>[0]) =>
      (await api.devices.list.query({ search: tag, ...filters })).items.map((d) => d.id.slice(tag.length + 1));

    expect(await ids({})).toEqual(["a1", "a2", "a3", "b1"]);
    expect(await ids({ status: "online" })).toEqual(["a1", "b1"]);
    expect(await ids({ status: "offline" })).toEqual(["a2"]);
    expect(await ids({ status: "revoked" })).toEqual(["a3"]);
    expect(await ids({ fleetId: fleetB.id })).toEqual(["b1"]);
    expect(await ids({ firmwareVersion: "2.0.0" })).toEqual(["a2"]);
    expect(await ids({ modelId: a1.modelId })).toEqual(["a1"]);
    expect(
      (await api.devices.list.query({ search: "boiler ROOM", fleetId: fleetA.id })).items.map((d) => d.name),
    ).toEqual(["Boiler room"]);
    expect(await api.devices.list.query({ search: "100%_" })).toEqual({ items: [], nextCursor: null });

    const first = await api.devices.list.query({ search: tag, limit: 3 });
    expect(first.items.map((d) => d.id.slice(tag.length + 1))).toEqual(["a1", "a2", "a3"]);
    const second = await api.devices.list.query({ search: tag, limit: 3, cursor: first.nextCursor ?? "" });
    expect(second.items).toHaveLength(1);
    expect(second.items[0]).toMatchObject({
      id: `${tag}-b1`,
      lastSeenAt: "2026-11-01T10:00:00.000Z",
      fleet: { id: fleetB.id },
    });
    expect(second.nextCursor).toBeNull();
    expect((await failureOf(api.devices.list.query({ cursor: "garbage" }))).status).toBe(400);
  });

  it("shows one device with its fleet, model and certificates summary", async () => {
    const device = await seedDevice(cp.prisma, {
      fleetId: (await seedFleet(cp.prisma, { organisationId: cp.organisation.id })).id,
    });
    const day = 86_400_000;
    await cp.prisma.deviceCertificate.createMany({
      data: [
        {
          serial: uniqueSuffix(),
          fingerprint: uniqueSuffix(),
          pem: "-",
          deviceId: device.id,
          issuedAt: new Date(),
          expiresAt: new Date(Date.now() + day),
        },
        {
          serial: uniqueSuffix(),
          fingerprint: uniqueSuffix(),
          pem: "-",
          deviceId: device.id,
          issuedAt: new Date(Date.now() - 2 * day),
          expiresAt: new Date(Date.now() + day),
          revokedAt: new Date(),
          revocationReason: 1,
        },
      ],
    });
    const shown = await api.devices.get.query({ deviceId: device.id });
    expect(shown.fleet.id).toBe(device.fleetId);
    expect(shown.model.id).toBe(device.modelId);
    expect(shown.certificateSummary).toEqual({ total: 2, valid: 1, revoked: 1, expired: 0 });
    expect(shown.certificates[1]).toMatchObject({ state: "revoked", revocationReason: 1 });
    expect(await failureOf(api.devices.get.query({ deviceId: "no-such-device" }))).toMatchObject({ status: 404 });
  });
});

describe("audit log", () => {
  it("lets an auditor filter by action prefix, actor, target, outcome and time, page by page; an operator gets 403", async () => {
    const since = new Date().toISOString();
    const slug = `audited-${uniqueSuffix()}`;
    const fleet = await api.fleets.create.mutate({ name: "Audited", slug });
    await api.fleets.update.mutate({ fleetId: fleet.id, name: "Audited 2" });
    await failureOf(api.fleets.create.mutate({ name: "dup", slug }));

    const mine = await auditorApi.audit.list.query({ actor: operatorEmail, action: "fleet.", since });
    expect(mine.items.map((e) => [e.action, e.outcome])).toEqual([
      ["fleet.create", "failure"],
      ["fleet.update", "success"],
      ["fleet.create", "success"],
    ]);
    expect(mine.items[0]).toMatchObject({
      actor: { type: "operator", email: operatorEmail },
      reason: `a fleet with slug "${slug}" already exists in this organisation`,
    });
    const byTarget = await auditorApi.audit.list.query({ targetType: "fleet", targetId: fleet.id });
    expect(byTarget.items.map((e) => e.action)).toEqual(["fleet.update", "fleet.create"]);
    const failures = await auditorApi.audit.list.query({ actor: operatorEmail, outcome: "failure", since });
    expect(failures.items.map((e) => e.action)).toEqual(["fleet.create"]);
    const before = await auditorApi.audit.list.query({ actor: operatorEmail, until: since });
    expect(before.items.length).toBeGreaterThan(0); // the earlier tests' changes
    expect(before.items.every((e) => (e.at ?? "") < since)).toBe(true);

    const page1 = await auditorApi.audit.list.query({ actor: operatorEmail, action: "fleet.", since, limit: 2 });
    const page2 = await auditorApi.audit.list.query({
      actor: operatorEmail,
      action: "fleet.",
      since,
      limit: 2,
      cursor: page1.nextCursor ?? "",
    });
    expect([...page1.items, ...page2.items].map((e) => e.id)).toEqual(mine.items.map((e) => e.id));
    expect(page2.nextCursor).toBeNull();

    // Another organisation's auditor sees none of it.
    const outsider = testTrpcClient(
      cp.url,
      (await cp.operatorWithToken("auditor", (await seedFleet(cp.prisma)).organisationId)).token,
    );
    expect((await outsider.audit.list.query({ targetId: fleet.id })).items).toEqual([]);
    expect((await outsider.audit.list.query({ actor: operatorEmail })).items).toEqual([]);

    const denied = await failureOf(api.audit.list.query({}));
    expect(denied).toMatchObject({ status: 403, message: "the operator role may not do this (audit:read)" });
  });
});
