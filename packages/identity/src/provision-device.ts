import { recordAudit } from "@fleetwire/access";
import { AppError, isAppError } from "@fleetwire/core";
import { X509Certificate as Cert, verifyCertificateChain, type X509Certificate } from "@fleetwire/pki";
import { deviceEndpoints, type IdentityDeps } from "./identity-deps.ts";
import { recordOperationalCertificate, signOperationalCertificate } from "./issue-operational-certificate.ts";
import { publishCrl } from "./publish-crl.ts";
import { type TProvisionResponse, ZProvisionRequest } from "./schemas.ts";

export interface BootstrapCredential {
  /** The client certificate of the mutual-TLS handshake; undefined when the client sent none. */
  certificate: X509Certificate | undefined;
  /** Further certificates the client sent (intermediates up to the manufacturer CA). */
  intermediates: X509Certificate[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Zero-touch provisioning (issue 3, item 3). The bootstrap certificate must chain to a manufacturer
 * CA trusted for the model or its default fleet, be within its validity and name the device it
 * asks for (CN = device_id). Every outcome is audited with its reason.
 *
 * Re-provisioning policy: the same device provisioning again (same bootstrap certificate, e.g.
 * after a factory reset) gets a new certificate, and its earlier unrevoked certificates are
 * revoked with reason superseded in the same transaction; its fleet is kept. A device an operator
 * revoked (status revoked) stays refused until an operator reinstates it.
 */
export async function provisionDevice(
  deps: IdentityDeps,
  input: { bootstrap: BootstrapCredential; body: unknown; sourceIp?: string },
): Promise<TProvisionResponse> {
  const claimed =
    typeof (input.body as { device_id?: unknown })?.device_id === "string"
      ? (input.body as { device_id: string }).device_id
      : undefined;
  const bootstrapCn = input.bootstrap.certificate?.subjectName.getField("CN")[0];
  const auditBase = {
    actor: { type: "device" as const, id: bootstrapCn ?? null },
    action: "device.provision",
    ...(claimed ? { target: { type: "device", id: claimed.slice(0, 200) } } : {}),
    sourceIp: input.sourceIp,
  };
  try {
    const result = await provision(deps, input);
    await recordAudit(deps.prisma, {
      ...auditBase,
      outcome: "success",
      details: {
        serial: result.serial,
        fleetId: result.fleet_id,
        generatedKey: Boolean(result.private_key_pem),
        superseded: result.superseded,
        bootstrapSerial: input.bootstrap.certificate?.serialNumber,
      },
    });
    const { superseded: _superseded, ...response } = result;
    return response;
  } catch (error) {
    const appError = isAppError(error) ? error : undefined;
    await recordAudit(deps.prisma, {
      ...auditBase,
      outcome: appError ? "denied" : "failure",
      reason: appError ? `${String(appError.details?.reason ?? appError.code)}: ${appError.message}` : "internal error",
      details: {
        bootstrapSubject: input.bootstrap.certificate?.subject,
        bootstrapIssuer: input.bootstrap.certificate?.issuer,
        bootstrapSerial: input.bootstrap.certificate?.serialNumber,
      },
    }).catch(() => {});
    throw error;
  }
}

async function provision(
  deps: IdentityDeps,
  input: { bootstrap: BootstrapCredential; body: unknown },
): Promise<TProvisionResponse & { superseded: string[] }> {
  const bootstrap = input.bootstrap.certificate;
  if (!bootstrap) {
    throw new AppError("UNAUTHENTICATED", "present the bootstrap certificate in mutual TLS", {
      reason: "no_client_certificate",
    });
  }
  const parsed = ZProvisionRequest.safeParse(input.body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError("VALIDATION_FAILED", `${issue?.path.join(".") || "body"}: ${issue?.message}`, {
      reason: "invalid_request",
    });
  }
  const body = parsed.data;

  const models = await deps.prisma.deviceModel.findMany({
    where: UUID.test(body.model) ? { OR: [{ id: body.model }, { name: body.model }] } : { name: body.model },
  });
  if (models.length === 0)
    throw new AppError("NOT_FOUND", `unknown model "${body.model}"`, { reason: "unknown_model" });

  // Model names are unique per organisation; the manufacturer CA that signed the bootstrap
  // certificate decides which organisation's model is meant.
  let verdict: Awaited<ReturnType<typeof verifyCertificateChain>> | undefined;
  let model = models[0];
  for (const candidate of models) {
    const anchors = await deps.prisma.trustedManufacturerCa.findMany({
      where: {
        disabledAt: null,
        OR: [{ modelId: candidate.id }, ...(candidate.defaultFleetId ? [{ fleetId: candidate.defaultFleetId }] : [])],
      },
    });
    verdict = await verifyCertificateChain(bootstrap, {
      anchors: anchors.map((a) => ({ id: a.id, certificate: new Cert(a.pem) })),
      intermediates: input.bootstrap.intermediates,
    });
    model = candidate;
    if (verdict.ok) break;
  }
  if (!verdict?.ok || !model) {
    const reason = verdict && !verdict.ok ? verdict.reason : "untrusted";
    const message = verdict && !verdict.ok ? verdict.message : "untrusted bootstrap certificate";
    throw new AppError("UNAUTHENTICATED", `bootstrap certificate refused: ${message}`, {
      reason: reason === "untrusted" ? "untrusted_bootstrap_ca" : `bootstrap_${reason}`,
    });
  }
  if (verdict.commonName !== body.device_id) {
    throw new AppError(
      "FORBIDDEN",
      `the bootstrap certificate is for device "${verdict.commonName ?? "(no CN)"}", not "${body.device_id}"`,
      { reason: "device_id_mismatch" },
    );
  }

  const existing = await deps.prisma.device.findUnique({ where: { id: body.device_id } });
  if (existing && existing.modelId !== model.id) {
    throw new AppError("CONFLICT", `device ${body.device_id} is registered as another model`, {
      reason: "model_mismatch",
    });
  }
  if (existing?.status === "revoked" || existing?.status === "suspended") {
    throw new AppError("FORBIDDEN", `device ${body.device_id} is ${existing.status}; an operator must reinstate it`, {
      reason: `device_${existing.status}`,
    });
  }
  const fleetId = existing?.fleetId ?? model.defaultFleetId;
  if (!fleetId) {
    throw new AppError("CONFLICT", `model "${model.name}" has no default fleet to put the device in`, {
      reason: "no_default_fleet",
    });
  }

  const cert = await signOperationalCertificate(deps, {
    deviceId: body.device_id,
    fleetId,
    ...(body.csr ? { csr: body.csr } : {}),
  });
  const now = new Date();
  const superseded = await deps.prisma.$transaction(async (tx) => {
    await tx.device.upsert({
      where: { id: body.device_id },
      create: {
        id: body.device_id,
        fleetId,
        modelId: model.id,
        firmwareVersion: body.firmware_version,
        status: "provisioned",
        provisionedAt: now,
      },
      update: { firmwareVersion: body.firmware_version, status: "provisioned", provisionedAt: now },
    });
    const replaced = await recordOperationalCertificate(tx, body.device_id, cert, now);
    await tx.deviceEvent.create({
      data: {
        deviceId: body.device_id,
        kind: "provisioned",
        details: { serial: cert.serial, superseded: replaced, trustedCaId: verdict.anchorId },
      },
    });
    return replaced;
  });

  await deps.broker.upsertDevice({ deviceId: body.device_id, fleetId });
  if (superseded.length > 0) await announceSuperseded(deps, body.device_id, superseded, now);

  const endpoints = deviceEndpoints(deps.config, body.device_id);
  return {
    device_id: body.device_id,
    fleet_id: fleetId,
    serial: cert.serial,
    expires_at: cert.notAfter.toISOString(),
    operational_cert_pem: cert.certPem,
    ca_chain_pem: deps.ca.chainPem,
    broker_endpoint: endpoints.brokerEndpoint,
    device_shadow_url: endpoints.deviceShadowUrl,
    ...(cert.keyPem ? { private_key_pem: cert.keyPem } : {}),
    superseded,
  };
}

/** After a rotation: the old certificates go into the CRL and the ingest caches forget them. */
export async function announceSuperseded(
  deps: IdentityDeps,
  deviceId: string,
  serials: string[],
  at: Date,
): Promise<void> {
  await publishCrl(deps);
  await deps.notifier.publish(
    serials.map((serial) => ({
      type: "certificate.revoked" as const,
      device_id: deviceId,
      serial,
      reason: "superseded",
      at: at.toISOString(),
    })),
  );
}
