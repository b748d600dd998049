import { ensureCurrentCrl } from "@fleetwire/identity";
import type { FastifyInstance } from "fastify";
import type { IdentityServices } from "../../identity/identity-services.ts";

/**
 * The CA chain and the CRL for anyone: devices, curl, openssl and EMQX (which fetches the CRL
 * Distribution Point URL written into every device certificate). Served on the operator HTTP
 * server and on the device HTTPS endpoint alike.
 */
export function registerPkiPublicRoutes(app: FastifyInstance, services: () => Promise<IdentityServices>) {
  app.get("/ca/chain.pem", async (_request, reply) => {
    const { ca } = await services();
    return reply.type("application/x-pem-file").send(ca.chainPem);
  });
  app.get("/crl.pem", async (_request, reply) => {
    const crl = await ensureCurrentCrl(await services());
    return reply.type("application/x-pem-file").header("cache-control", "max-age=60").send(crl.pem);
  });
  app.get("/crl.der", async (_request, reply) => {
    const crl = await ensureCurrentCrl(await services());
    return reply.type("application/pkix-crl").header("cache-control", "max-age=60").send(crl.der);
  });
}
