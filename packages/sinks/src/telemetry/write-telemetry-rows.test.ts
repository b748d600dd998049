import { describe, expect, it } from "vitest";
import { copyTextLine } from "./copy-text.ts";
import type { TelemetryRow } from "./flatten-metrics.ts";
import { copyChunks } from "./write-telemetry-rows.ts";

describe("copyChunks", () => {
  it("writes each row as a COPY text line, in chunks of about 64 KiB, dates shared by a message's rows included", () => {
    const rows: TelemetryRow[] = [];
    for (let m = 0; m < 1_000; m++) {
      const recordedAt = new Date(Date.UTC(2026, 10, 25, 12, 0, 0, m));
      const receivedAt = new Date(recordedAt.getTime() + 1_000);
      for (const metricName of ["temperature", "env.humidity", "odd\tname\\"]) {
        rows.push({
          deviceId: `dev-${m % 7}`,
          metricName,
          value: m / 3,
          unit: m % 2 ? "C" : null,
          recordedAt,
          messageId: `m-${m}`,
          receivedAt,
        });
      }
    }
    const chunks = [...copyChunks(rows)];
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.slice(0, -1).every((c) => c.length >= 65_536 && c.endsWith("\n"))).toBe(true);
    const expected = rows
      .map((r) => copyTextLine([r.deviceId, r.metricName, r.value, r.unit, r.recordedAt, r.messageId, r.receivedAt]))
      .join("");
    expect(chunks.join("")).toBe(expected);
  });
});
