import { KAFKA_TOPICS } from "@fleetwire/config";
import { disconnectPrisma } from "@fleetwire/db";
import { seedDevice, seedFleet, uniqueSuffix } from "@fleetwire/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeRuleServices } from "../../rules/rule-services.ts";
import { ensureTestKafka, waitForTopic } from "../../testing/rules-pipeline.ts";
import { startTestControlPlane, type TestControlPlane } from "../../testing/start-test-control-plane.ts";
import { failureOf, testTrpcClient } from "../../testing/test-trpc-client.ts";

let cp: TestControlPlane;
let kafka: Awaited<ReturnType<typeof ensureTestKafka>>;
let author: ReturnType<typeof testTrpcClient>;
let auditor: ReturnType<typeof testTrpcClient>;
let operator: ReturnType<typeof testTrpcClient>;
let authorId: string;

beforeAll(async () => {
  cp = await startTestControlPlane();
  kafka = await ensureTestKafka(cp.env);
  const a = await cp.operatorWithToken("rule_author");
  authorId = a.id;
  author = testTrpcClient(cp.url, a.token);
  auditor = testTrpcClient(cp.url, (await cp.operatorWithToken("auditor")).token);
  operator = testTrpcClient(cp.url, (await cp.operatorWithToken("operator")).token);
});

afterAll(async () => {
  await closeRuleServices();
  await cp?.close();
  await kafka?.stop();
  await disconnectPrisma();
});

const fleetOfTest = () => seedFleet(cp.prisma, { organisationId: cp.organisation.id });
const ROUTE = { then: [{ route_to: "timeseries" }] };

describe("rules API", () => {
  it("a rule author creates rules; an auditor may read them but not create (403)", async () => {
    const fleet = await fleetOfTest();
    const rule = await author.rules.create.mutate({ fleetId: fleet.id, name: "to-timeseries", document: ROUTE });
    expect(rule).toMatchObject({ name: "to-timeseries", status: "enabled", currentVersion: 1, document: ROUTE });

    const refused = await failureOf(auditor.rules.create.mutate({ fleetId: fleet.id, name: "x", document: ROUTE }));
    expect(refused).toMatchObject({ status: 403 });
    expect(refused.message).toBe("the auditor role may not do this (rule:write)");
    expect((await auditor.rules.list.query({ fleetId: fleet.id })).map((r) => r.name)).toEqual(["to-timeseries"]);
    expect(await cp.prisma.routingRule.count({ where: { fleetId: fleet.id } })).toBe(1);

    const taken = await failureOf(
      author.rules.create.mutate({ fleetId: fleet.id, name: "to-timeseries", document: ROUTE }),
    );
    expect(taken).toMatchObject({ status: 409, message: 'the fleet already has a rule named "to-timeseries"' });
    const foreign = await seedFleet(cp.prisma);
    expect(
      await failureOf(author.rules.create.mutate({ fleetId: foreign.id, name: "x", document: ROUTE })),
    ).toMatchObject({ status: 404 });
  });

  it("refuses an invalid CEL expression with its position, on create and on update", async () => {
    const fleet = await fleetOfTest();
    const text = '{\n  "then": [\n    { "alert_if": "payload.temperature >" }\n  ]\n}';
    const refused = await failureOf(author.rules.create.mutate({ fleetId: fleet.id, name: "bad", document: text }));
    expect(refused).toMatchObject({ status: 400, appCode: "VALIDATION_FAILED" });
    const errors = (refused.details as { errors: unknown[] }).errors;
    // The error sits at the end of the expression: line 3, just after "payload.temperature >".
    const column = '    { "alert_if": "payload.temperature >'.length + 1;
    expect(errors).toEqual([
      {
        path: "/then/0/alert_if",
        kind: "cel_syntax",
        message: expect.any(String),
        expression: expect.objectContaining({ offset: 21, line: 1, column: 22 }),
        document: expect.objectContaining({ line: 3, column }),
      },
    ]);
    expect(refused.message).toContain(`/then/0/alert_if: `);
    expect(refused.message).toContain(`(line 3, column ${column})`);

    const rule = await author.rules.create.mutate({ fleetId: fleet.id, name: "good", document: ROUTE });
    const update = await failureOf(
      author.rules.update.mutate({ ruleId: rule.id, document: { then: [{ alert_if: "payload.temperature > > 1" }] } }),
    );
    expect(update).toMatchObject({ status: 400, appCode: "VALIDATION_FAILED" });
    expect((update.details as { errors: unknown[] }).errors[0]).toMatchObject({
      path: "/then/0/alert_if",
      kind: "cel_syntax",
      expression: { offset: 22 },
    });
    expect((await author.rules.get.query({ ruleId: rule.id })).currentVersion).toBe(1);

    // The editor's own check answers with the same errors instead of failing.
    const checked = await author.rules.validate.mutate({ document: text });
    expect(checked).toMatchObject({ ok: false, errors: [{ path: "/then/0/alert_if", document: { line: 3, column } }] });
    expect(await author.rules.validate.mutate({ document: ROUTE })).toEqual({ ok: true, errors: [] });
  });

  it("keeps every version, diffs two, enables/disables, audits and announces each change", async () => {
    const fleet = await fleetOfTest();
    const since = Date.now() - 1_000;
    const rule = await author.rules.create.mutate({
      fleetId: fleet.id,
      name: "versions",
      document: ROUTE,
      comment: "first",
    });
    const v2doc = { then: [{ route_to: "archive" }, { alert_if: "payload.temperature > 90", severity: "critical" }] };
    const v2 = await author.rules.update.mutate({
      ruleId: rule.id,
      document: v2doc,
      comment: "archive too",
      priority: 5,
    });
    expect(v2).toMatchObject({ currentVersion: 2, priority: 5, document: v2doc });
    const renamed = await author.rules.update.mutate({ ruleId: rule.id, name: "versions-2" });
    expect(renamed).toMatchObject({ currentVersion: 2, name: "versions-2" });
    const disabled = await author.rules.setEnabled.mutate({ ruleId: rule.id, enabled: false });
    expect(disabled).toMatchObject({ enabled: false, status: "disabled" });

    const versions = await author.rules.versions.query({ ruleId: rule.id });
    expect(versions.map((v) => [v.version, v.comment, v.author?.id])).toEqual([
      [2, "archive too", authorId],
      [1, "first", authorId],
    ]);
    const got = await auditor.rules.get.query({ ruleId: rule.id });
    expect(got.versions.map((v) => v.version)).toEqual([2, 1]);
    const diff = await auditor.rules.diff.query({ ruleId: rule.id, from: 1, to: 2 });
    expect(diff).toMatchObject({ from: { version: 1, document: ROUTE }, to: { version: 2, document: v2doc } });
    expect(await failureOf(auditor.rules.diff.query({ ruleId: rule.id, from: 1, to: 3 }))).toMatchObject({
      status: 404,
    });

    const audit = await cp.prisma.auditLog.findMany({ where: { targetId: rule.id }, orderBy: { id: "asc" } });
    expect(audit.map((a) => [a.action, a.outcome, a.actorId])).toEqual([
      ["rule.create", "success", authorId],
      ["rule.update", "success", authorId],
      ["rule.update", "success", authorId],
      ["rule.disable", "success", authorId],
    ]);

    const announced = await waitForTopic(cp.env, KAFKA_TOPICS.rulesUpdates.name, rule.id, since, (r) => r.length >= 4);
    expect(announced.map((r) => r.json())).toEqual([
      { ruleId: rule.id, version: 1, fleetId: fleet.id, action: "created", at: expect.any(String) },
      { ruleId: rule.id, version: 2, fleetId: fleet.id, action: "updated", at: expect.any(String) },
      { ruleId: rule.id, version: 2, fleetId: fleet.id, action: "updated", at: expect.any(String) },
      { ruleId: rule.id, version: 2, fleetId: fleet.id, action: "disabled", at: expect.any(String) },
    ]);
  });

  it("dry-runs a draft against sample messages, per message", async () => {
    const draft = JSON.stringify({
      if: { device_type: "temperature_sensor" },
      then: [{ route_to: "timeseries_ingest" }, { alert_if: "payload.temperature > 80", message: "{{device_id}} hot" }],
    });
    const sample = (deviceId: string, temperature: number, model = "temperature_sensor") => ({
      messageId: `m-${deviceId}`,
      deviceId,
      fleetId: "f",
      model,
      payload: { temperature },
    });
    const result = await auditor.rules.dryRun.mutate({
      document: draft,
      messages: [sample("a", 85), sample("b", 20), sample("c", 85, "other")],
    });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(
      result.results.map((r) => [r.deviceId, r.matched, r.routes.map((x) => x.topic), r.alerts.map((x) => x.message)]),
    ).toEqual([
      ["a", true, ["route.timeseries"], ["a hot"]],
      ["b", true, ["route.timeseries"], []],
      ["c", false, [], []],
    ]);
    const invalid = await auditor.rules.dryRun.mutate({ document: '{"then": []}', messages: [sample("a", 1)] });
    expect(invalid).toMatchObject({ ok: false, errors: [{ path: "/then" }] });
  });
});

describe("alerts API", () => {
  it("lists alerts by status, severity, device and fleet; an operator resolves, a rule author may not", async () => {
    const fleet = await fleetOfTest();
    const d1 = await seedDevice(cp.prisma, { fleetId: fleet.id });
    const d2 = await seedDevice(cp.prisma, { fleetId: fleet.id });
    const mk = (deviceId: string, severity: "warning" | "critical", minutesAgo: number) =>
      cp.prisma.alert.create({
        data: {
          deviceId,
          severity,
          message: `${deviceId} ${severity}`,
          dedupKey: `k:${deviceId}:${severity}:${uniqueSuffix()}`,
          lastSeenAt: new Date(Date.now() - minutesAgo * 60_000),
        },
      });
    const a1 = await mk(d1.id, "critical", 1);
    const a2 = await mk(d1.id, "warning", 2);
    const a3 = await mk(d2.id, "warning", 3);

    const all = await operator.alerts.list.query({ fleetId: fleet.id });
    expect(all.items.map((a) => a.id)).toEqual([a1.id, a2.id, a3.id]);
    expect(all.items[0]).toMatchObject({ deviceId: d1.id, fleetId: fleet.id, status: "active", count: 1 });
    const page1 = await operator.alerts.list.query({ fleetId: fleet.id, limit: 2 });
    const page2 = await operator.alerts.list.query({ fleetId: fleet.id, limit: 2, cursor: page1.nextCursor ?? "" });
    expect([...page1.items, ...page2.items].map((a) => a.id)).toEqual([a1.id, a2.id, a3.id]);
    expect(page2.nextCursor).toBeNull();
    expect(
      (await operator.alerts.list.query({ fleetId: fleet.id, severity: "warning" })).items.map((a) => a.id),
    ).toEqual([a2.id, a3.id]);
    expect((await auditor.alerts.list.query({ deviceId: d2.id })).items.map((a) => a.id)).toEqual([a3.id]);

    expect(await failureOf(author.alerts.resolve.mutate({ alertId: a1.id }))).toMatchObject({ status: 403 });
    const resolved = await operator.alerts.resolve.mutate({ alertId: a1.id, comment: "fan replaced" });
    expect(resolved).toMatchObject({ status: "resolved", resolvedAt: expect.any(String) });
    expect(await failureOf(operator.alerts.resolve.mutate({ alertId: a1.id }))).toMatchObject({ status: 409 });
    expect((await operator.alerts.list.query({ fleetId: fleet.id, status: "active" })).items.map((a) => a.id)).toEqual([
      a2.id,
      a3.id,
    ]);
    expect((await operator.alerts.list.query({ fleetId: fleet.id, status: "resolved" })).items).toHaveLength(1);

    const foreign = await seedDevice(cp.prisma);
    const hidden = await mk(foreign.id, "critical", 0);
    expect(await failureOf(operator.alerts.resolve.mutate({ alertId: hidden.id }))).toMatchObject({ status: 404 });
    expect((await operator.alerts.list.query({ deviceId: foreign.id })).items).toEqual([]);
  });
});
