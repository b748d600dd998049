import type { PlatformConfig } from "@fleetwire/config";
import { migrateDatabase } from "@fleetwire/db";
import type { ManagedProcess } from "@fleetwire/infra";
import { ensureTopics, kafkaHealth, startKafka } from "@fleetwire/infra/kafka";
import { mosquittoHealth, startMosquitto, writeMosquittoConfig } from "@fleetwire/infra/mosquitto";
import { ensurePlatformCa } from "@fleetwire/pki";

/**
 * The services the bridge needs, in the test profile. Under `pnpm test` they are already running
 * (scripts/platform/test.ts); a developer running one test file gets them started here and
 * stopped afterwards. PostgreSQL and Redis are the machine's own.
 */
export async function ensureTestInfra(config: PlatformConfig): Promise<{ stop(): Promise<void> }> {
  const started: ManagedProcess[] = [];
  await migrateDatabase(config.databaseUrl);
  const ca = await ensurePlatformCa(config);
  if (!(await kafkaHealth(config, 1_500)).ok) started.push(await startKafka(config));
  await ensureTopics(config);
  if (!(await mosquittoHealth(config)).ok) {
    await writeMosquittoConfig(config, ca);
    started.push(await startMosquitto(config));
  }
  return {
    async stop() {
      for (const proc of started.reverse()) await proc.stop();
    },
  };
}
