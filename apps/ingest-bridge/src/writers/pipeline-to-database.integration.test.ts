import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { KAFKA_TOPICS, loadPlatformConfig } from "@fleetwire/config";
import { createPrisma, type PrismaClient } from "@fleetwire/db";
import { seedDevice, seedDeviceModel, seedFleet, seedOperator } from "@fleetwire/db/testing";
import { startWorkerProcess, type WorkerProcessUnderTest } from "@fleetwire/infra/worker-process";
import { createRule, kafkaRuleUpdateAnnouncer } from "@fleetwire/rules-store";
import type { Kafka, Producer } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureWritersTestInfra, pollUntil, testKafka, uniqueGroup } from "./testing/writers-test-infra.ts";

// Issue 5 end to end, from telemetry.raw (as the ingest bridge writes it) to what an operator
// sees: a real rules worker process and a real writers process running the three writers.
const config = loadPlatformConfig();

describe("telemetry.raw -> rules -> telemetry rows, alerts and the archive", () => {
  let infra: Awaited<ReturnType<typeof ensureWritersTestInfra>>;
  let kafka: Kafka;
  let producer: Producer;
  let prisma: PrismaClient;
  let workers: WorkerProcessUnderTest[] = [];
  let archiveDir: string;

  beforeAll(async () => {
    infra = await ensureWritersTestInfra(config);
    kafka = testKafka(config);
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    prisma = createPrisma(config.databaseUrl, { maxConnections: 2 });
    archiveDir = await mkdtemp(path.join(tmpdir(), "fleetwire-e2e-archive-"));
  });

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await producer?.disconnect();
    await prisma?.$disconnect();
    await rm(archiveDir, { recursive: true, force: true });
    await infra?.stop();
  });

  it("85 °C gives a telemetry row and an alert, 20 °C only the row; both are archived", async () => {
    const fleet = await seedFleet(prisma);
    const model = await seedDeviceModel(prisma, {
      organisationId: fleet.organisationId,
      defaultFleetId: fleet.id,
      name: "temperature_sensor",
    });
    const device = await seedDevice(prisma, { fleetId: fleet.id, modelId: model.id });
    const author = await seedOperator(prisma, "rule_author", { organisationId: fleet.organisationId });
    const rule = await createRule(
      { prisma, announce: kafkaRuleUpdateAnnouncer(producer) },
      {
        operatorId: author.id,
        organisationId: fleet.organisationId,
        email: author.email,
        role: "rule_author",
        tokenId: "t",
      },
      {
        fleetId: fleet.id,
        name: "overheat",
        document: {
          if: { device_type: "temperature_sensor", topic: "telemetry" },
          then: [{ route_to: "timeseries_ingest" }, { route_to: "archive" }, { alert_if: "payload.temperature > 80" }],
        },
      },
    );

    // Its own archive group and folder, so this process (not the test platform's) archives these records.
    workers = await Promise.all([
      startWorkerProcess(config, "rules-worker"),
      startWorkerProcess(config, "writers", {
        env: {
          FLEETWIRE_ARCHIVE_DIR: archiveDir,
          // Groups of their own: joining the platform's groups would rebalance the running platform's
          // writers under the browser tests that come later.
          FLEETWIRE_TIMESERIES_GROUP: uniqueGroup("fleetwire-timeseries"),
          FLEETWIRE_ALERTS_GROUP: uniqueGroup("fleetwire-alerts"),
          FLEETWIRE_ARCHIVE_GROUP: uniqueGroup("fleetwire-archive"),
          FLEETWIRE_ARCHIVE_BATCH_MS: "500",
        },
      }),
    ]);
    await new Promise((resolve) => setTimeout(resolve, 1_500));

    const hot = `hot-${randomBytes(3).toString("hex")}`;
    const mild = `mild-${randomBytes(3).toString("hex")}`;
    const now = new Date();
    await producer.send({
      topic: KAFKA_TOPICS.telemetryRaw.name,
      acks: -1,
      messages: [
        [hot, 85],
        [mild, 20],
      ].map(([messageId, temperature]) => ({
        key: device.id,
        value: JSON.stringify({
          message_id: messageId,
          device_id: device.id,
          fleet_id: fleet.id,
          model_id: model.id,
          timestamp: now.toISOString(),
          received_at: now.toISOString(),
          protocol: "mqtt",
          metrics: { temperature },
        }),
        headers: {
          fleet: fleet.id,
          model: model.id,
          "message-id": String(messageId),
          "received-at": now.toISOString(),
          protocol: "mqtt",
        },
      })),
    });

    const rows = await pollUntil(
      () =>
        prisma.telemetry.findMany({
          where: { deviceId: device.id },
          select: { metricName: true, value: true, messageId: true },
          orderBy: { value: "desc" },
        }),
      (r) => r.length >= 2,
      60_000,
    );
    expect(rows).toEqual([
      { metricName: "temperature", value: 85, messageId: hot },
      { metricName: "temperature", value: 20, messageId: mild },
    ]);

    const alerts = await pollUntil(
      () => prisma.alert.findMany({ where: { deviceId: device.id } }),
      (a) => a.length >= 1,
      30_000,
    );
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ ruleId: rule.id, status: "active", count: 1, lastMessageId: hot });

    const archived = await pollUntil(
      async () => {
        const db = await DuckDBInstance.create(":memory:");
        const c = await db.connect();
        try {
          const r = await c.runAndReadAll(
            `SELECT message_id FROM read_parquet('${archiveDir}/fleet=${fleet.id}/date=*/hour=*/*.parquet') ORDER BY 1`,
          );
          return (r.getRowObjectsJson() as { message_id: string }[]).map((x) => x.message_id);
        } catch {
          return [];
        } finally {
          c.closeSync();
        }
      },
      (ids) => ids.length >= 2,
      30_000,
    );
    expect(archived).toEqual([hot, mild].sort());
  }, 180_000);
});
