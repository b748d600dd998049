import { runWorkerProcess } from "./workers/run-worker-process.ts";
import "./workers/rules/rules-worker-role.ts";

/**
 * The rules worker process: `tsx apps/ingest-bridge/src/rules-worker-main.ts`. Health and
 * metrics on config.ports.rulesWorker (FLEETWIRE_RULES_WORKER_PORT). Scale it by starting more,
 * each with its own FLEETWIRE_WORKER_INSTANCE, up to telemetry.raw's partition count.
 */
runWorkerProcess("rules-worker");
