import Fastify from "fastify";
import { register } from "prom-client";

export interface BridgeHealth {
  /** Whether the last write to Kafka succeeded (true until the first one). */
  kafka: boolean;
  mqtt: boolean;
  redis: boolean;
}

/** Health and Prometheus metrics of one bridge process (plain HTTP, for operators and probes). */
export function buildServer(health: () => BridgeHealth) {
  const app = Fastify({ logger: false });
  app.get("/health", async (_request, reply) => {
    const h = health();
    const ok = h.kafka && h.mqtt && h.redis;
    return reply.status(ok ? 200 : 503).send({
      status: ok ? "ok" : "degraded",
      services: {
        kafka: {
          ok: h.kafka,
          detail: h.kafka ? "the last write to Kafka succeeded" : "the last write to Kafka failed",
        },
        mqtt: { ok: h.mqtt, detail: h.mqtt ? "every session connected to the broker" : "not connected to the broker" },
        redis: { ok: h.redis, detail: h.redis ? "connected" : "not connected" },
      },
    });
  });
  app.get("/metrics", async (_request, reply) => reply.type(register.contentType).send(await register.metrics()));
  return app;
}
