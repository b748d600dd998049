import { registerWorkerRole } from "../worker-roles.ts";
import { startRulesWorker } from "./rules-worker.ts";
import { loadRulesWorkerEnv } from "./rules-worker-env.ts";

registerWorkerRole("rules", ({ log }) => startRulesWorker(loadRulesWorkerEnv(), log.child({ role: "rules" })));
