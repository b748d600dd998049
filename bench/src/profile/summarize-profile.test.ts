import { describe, expect, it } from "vitest";
import { componentOf, summarizeProfile } from "./summarize-profile.ts";

const frame = (functionName: string, url = "") => ({ functionName, url, lineNumber: 0, columnNumber: 0 });

describe("CPU profile summary", () => {
  it("names the package or workspace folder a frame belongs to", () => {
    expect(componentOf("file:///work/main/node_modules/.pnpm/kafkajs@2.2.4/node_modules/kafkajs/src/a.js")).toBe(
      "kafkajs",
    );
    expect(componentOf("file:///work/main/node_modules/.pnpm/@prisma+client@7/node_modules/@prisma/client/x.js")).toBe(
      "@prisma/client",
    );
    expect(componentOf("file:///work/main/packages/ingest/src/x.ts")).toBe("packages/ingest");
    expect(componentOf("node:internal/buffer")).toBe("node core");
    expect(componentOf("")).toBe("(native, GC, idle)");
  });

  it("adds up self time per function and leaves idle time out of the busy share", () => {
    const summary = summarizeProfile({
      nodes: [
        { id: 1, callFrame: frame("(root)") },
        { id: 2, callFrame: frame("(idle)") },
        {
          id: 3,
          callFrame: frame("encode", "file:///work/main/node_modules/.pnpm/kafkajs@2.2.4/node_modules/kafkajs/e.js"),
        },
        { id: 4, callFrame: frame("validate", "file:///work/main/packages/ingest/src/v.ts") },
      ],
      startTime: 0,
      endTime: 4_000, // µs
      samples: [2, 3, 3, 4],
      timeDeltas: [1_000, 1_000, 1_000, 1_000],
    });
    expect(summary.totalMs).toBe(4);
    expect(summary.busyMs).toBe(3);
    expect(summary.functions.map((f) => [f.function, f.selfMs])).toEqual([
      ["encode", 2],
      ["validate", 1],
    ]);
    expect(summary.components[0]).toMatchObject({ component: "kafkajs", selfMs: 2 });
  });
});
