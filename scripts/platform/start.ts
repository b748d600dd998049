import { ConfigError, loadPlatformConfig } from "@fleetwire/config";
import { describeEndpoints, StartupError, startPlatform } from "./platform.ts";

const log = (line: string) => process.stdout.write(`\x1b[1;34m[fleetwire]\x1b[0m ${line}\n`);

async function main() {
  const config = loadPlatformConfig();
  log(`starting the ${config.profile} platform; state in ${config.stateDir}`);
  // Ctrl-C while starting: startPlatform stops what it has started, then fails with one line.
  const starting = new AbortController();
  const interrupt = () => starting.abort();
  process.on("SIGINT", interrupt);
  process.on("SIGTERM", interrupt);
  const platform = await startPlatform(config, {
    echo: process.env.FLEETWIRE_ECHO_LOGS === "1",
    log,
    signal: starting.signal,
  });
  process.off("SIGINT", interrupt);
  process.off("SIGTERM", interrupt);
  log(`Fleetwire is up. Ctrl-C stops everything; the next start keeps the data.\n${describeEndpoints(config)}`);

  let stopping = false;
  const shutdown = async (reason: string, code: number) => {
    if (stopping) return;
    stopping = true;
    log(`${reason}: stopping`);
    await platform.stop();
    log("stopped");
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown("Ctrl-C", 0));
  process.on("SIGTERM", () => void shutdown("SIGTERM", 0));
  const name = await platform.unexpectedExit;
  await shutdown(`${name} exited unexpectedly (see ${config.stateDir}/logs/${name}.log)`, 1);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof StartupError) {
    process.stderr.write(`fleetwire: ${error.message}\n`);
  } else {
    process.stderr.write(`fleetwire: could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  }
  process.exit(1);
});
