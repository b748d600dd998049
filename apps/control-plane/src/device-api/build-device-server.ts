import { isIP } from "node:net";
import type { TLSSocket } from "node:tls";
import { recordAudit } from "@fleetwire/access";
import { enforceRateLimit, provisionDevice, renewDeviceCertificate } from "@fleetwire/identity";
import { issueServerCertificate } from "@fleetwire/pki";
import Fastify from "fastify";
import type { ControlPlaneEnv } from "../env.ts";
import { replyWithError } from "../http/reply-error.ts";
import { registerPkiPublicRoutes } from "../http/routes/pki-public.ts";
import type { IdentityServices } from "../identity/identity-services.ts";
import { registerDeviceMessagingRoutes } from "./device-messaging-routes.ts";
import { peerCertificates } from "./peer-certificates.ts";

export interface DeviceServerOptions {
  /** Provisioning and renewal calls per source IP and minute (Redis, shared by every instance). */
  rateLimitPerMinute?: number;
}

/**
 * The device HTTPS endpoint (config.ports.deviceHttps): mutual TLS with a server certificate from
 * the platform CA. POST /provision (bootstrap certificate), POST /renew (current operational
 * certificate), GET /ca/chain.pem, /crl.pem, /crl.der.
 */
export async function buildDeviceServer(
  env: ControlPlaneEnv,
  services: () => Promise<IdentityServices>,
  options: DeviceServerOptions = {},
) {
  const { ca } = await services();
  const names = [...new Set([env.host, "localhost", "127.0.0.1"])];
  const server = await issueServerCertificate(ca, {
    commonName: env.host,
    dnsNames: names.filter((n) => !isIP(n)),
    ipAddresses: names.filter((n) => isIP(n)),
  });
  const app = Fastify({
    logger: false,
    bodyLimit: 64 * 1024,
    https: {
      key: server.keyPem,
      // Leaf and issuing CA, so a client that trusts only the root verifies the server too.
      cert: server.certPem + ca.issuingCertificate.toString("pem"),
      requestCert: true,
      rejectUnauthorized: false,
      minVersion: "TLSv1.2",
    },
  });
  app.setErrorHandler((error, _request, reply) => replyWithError(error as Error, reply));
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ error: { code: "NOT_FOUND", message: `no route ${request.method} ${request.url}` } }),
  );

  const limit = { limit: options.rateLimitPerMinute ?? 30, windowSeconds: 60 };

  app.post("/provision", async (request, reply) => {
    const deps = await services();
    try {
      await enforceRateLimit(deps.redis, `provision:${request.ip}`, limit);
    } catch (error) {
      await recordAudit(deps.prisma, {
        actor: { type: "device", id: null },
        action: "device.provision",
        outcome: "denied",
        reason: "rate_limited: too many provisioning calls from this address",
        sourceIp: request.ip,
      });
      throw error;
    }
    const peer = peerCertificates(request.raw.socket as TLSSocket);
    const result = await provisionDevice(deps, {
      bootstrap: { certificate: peer.certificate, intermediates: peer.intermediates },
      body: request.body,
      sourceIp: request.ip,
    });
    return reply.status(201).send(result);
  });

  app.post("/renew", async (request, reply) => {
    const deps = await services();
    await enforceRateLimit(deps.redis, `renew:${request.ip}`, limit);
    const peer = peerCertificates(request.raw.socket as TLSSocket);
    const result = await renewDeviceCertificate(deps, {
      certificate: peer.certificate,
      body: request.body,
      sourceIp: request.ip,
    });
    return reply.status(201).send(result);
  });

  registerPkiPublicRoutes(app, services);
  registerDeviceMessagingRoutes(app, env, services);
  return app;
}
