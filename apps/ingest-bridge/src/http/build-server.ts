import Fastify from "fastify";
import { register } from "prom-client";

export interface BridgeHealth {
  kafka: boolean;
  mqtt: boolean;
}

/** Health and Prometheus metrics of one bridge process. */
export function buildServer(health: () => BridgeHealth) {
  const app = Fastify({ logger: false });
  app.get("/health", async (_request, reply) => {
    const h = health();
    const ok = h.kafka && h.mqtt;
    return reply.status(ok ? 200 : 503).send({
      status: ok ? "ok" : "degraded",
      services: {
        kafka: { ok: h.kafka, detail: h.kafka ? "producer connected" : "producer not connected" },
        mqtt: { ok: h.mqtt, detail: h.mqtt ? "connected to the broker" : "not connected to the broker" },
      },
    });
  });
  app.get("/metrics", async (_request, reply) => reply.type(register.contentType).send(await register.metrics()));
  return app;
}
