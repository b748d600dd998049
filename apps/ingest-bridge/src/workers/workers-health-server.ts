import Fastify from "fastify";
import { register } from "prom-client";
import type { RunningWorker } from "./worker-roles.ts";

/** /health (200 when every role is healthy, else 503, with each role's detail) and Prometheus /metrics. */
export function buildWorkersHealthServer(workers: () => ReadonlyMap<string, RunningWorker>) {
  const app = Fastify({ logger: false });
  app.get("/health", async (_request, reply) => {
    const roles = Object.fromEntries([...workers()].map(([name, w]) => [name, w.health()]));
    const ok = Object.keys(roles).length > 0 && Object.values(roles).every((h) => h.ok);
    return reply.status(ok ? 200 : 503).send({ status: ok ? "ok" : "degraded", roles });
  });
  app.get("/metrics", async (_request, reply) => reply.type(register.contentType).send(await register.metrics()));
  return app;
}
