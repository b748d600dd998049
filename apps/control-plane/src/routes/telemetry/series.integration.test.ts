import { disconnectPrisma } from "@fleetwire/db";
import { seedDevice } from "@fleetwire/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestControlPlane, type TestControlPlane } from "../../testing/start-test-control-plane.ts";
import { failureOf, testTrpcClient } from "../../testing/test-trpc-client.ts";

let cp: TestControlPlane;

beforeAll(async () => {
  cp = await startTestControlPlane();
});

afterAll(async () => {
  await cp?.close();
  await disconnectPrisma();
});

describe("telemetry.series", () => {
  it("buckets a device metric with date_bin, only for the caller's organisation", async () => {
    const device = await seedDevice(cp.prisma);
    const fleet = await cp.prisma.fleet.findUniqueOrThrow({ where: { id: device.fleetId } });
    const auditor = await cp.operatorWithToken("auditor", fleet.organisationId);
    const api = testTrpcClient(cp.url, auditor.token);
    const t0 = Date.parse("2026-11-25T08:00:00.000Z");
    await cp.prisma.telemetry.createMany({
      data: [0, 20, 40, 70, 95].map((s, i) => ({
        deviceId: device.id,
        metricName: "temperature",
        value: 20 + i,
        unit: "celsius",
        recordedAt: new Date(t0 + s * 1000),
        messageId: `m-${i}`,
      })),
    });

    const series = await api.telemetry.series.query({
      deviceId: device.id,
      metric: "temperature",
      from: new Date(t0).toISOString(),
      to: new Date(t0 + 120_000).toISOString(),
      bucketSeconds: 60,
    });
    expect(series).toEqual([
      { bucket: "2026-11-25T08:00:00.000Z", avg: 21, min: 20, max: 22, count: 3, unit: "celsius" },
      { bucket: "2026-11-25T08:01:00.000Z", avg: 23.5, min: 23, max: 24, count: 2, unit: "celsius" },
    ]);

    const other = await cp.operatorWithToken("auditor");
    const foreign = await failureOf(
      testTrpcClient(cp.url, other.token).telemetry.series.query({
        deviceId: device.id,
        metric: "temperature",
        from: new Date(t0).toISOString(),
        to: new Date(t0 + 120_000).toISOString(),
        bucketSeconds: 60,
      }),
    );
    expect(foreign).toMatchObject({ status: 404 });
  });
});
