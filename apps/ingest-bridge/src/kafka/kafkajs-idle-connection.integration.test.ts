import path from "node:path";
import { loadPlatformConfig, REPO_ROOT } from "@fleetwire/config";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCommand } from "../testing/run-command.ts";
import { ensureWritersTestInfra } from "../writers/testing/writers-test-infra.ts";

const config = loadPlatformConfig();

// kafkajs 2.2.4 re-armed a timer with a negative delay (run after 1 ms) whenever its request queue
// was empty: about 900 timers a second on every connection, which made idle platform processes
// use 5-15 % of a core (kafkajs#1556, #1704). patches/kafkajs@2.2.4.patch stops the loop.
describe("kafkajs as patched, on an idle connection to a real broker", () => {
  let infra: Awaited<ReturnType<typeof ensureWritersTestInfra>>;

  beforeAll(async () => {
    infra = await ensureWritersTestInfra(config);
  });

  afterAll(async () => {
    await infra?.stop();
  });

  it("schedules no timers while nothing is asked of it", async () => {
    const { code, out } = await runCommand(path.join(REPO_ROOT, "node_modules/.bin/tsx"), [
      path.join(REPO_ROOT, "apps/ingest-bridge/src/testing/count-idle-kafkajs-timers.ts"),
      config.kafka.brokers[0] as string,
    ]);
    expect(code, out).toBe(0);
    expect(Number(out.trim().split("\n").at(-1)), out).toBeLessThan(5); // unpatched: about 450 in 500 ms
  });
});
