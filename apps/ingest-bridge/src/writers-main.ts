import { runWorkerProcess } from "./workers/run-worker-process.ts";
import "./writers/writer-roles.ts";

/**
 * The writers process: `tsx apps/ingest-bridge/src/writers-main.ts [--roles timeseries,archive,alerts]`
 * (default: all three). Health and metrics on config.ports.writers (FLEETWIRE_WRITERS_PORT).
 */
runWorkerProcess("writers");
