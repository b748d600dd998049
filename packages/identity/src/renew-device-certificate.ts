import { recordAudit } from "@fleetwire/access";
import { AppError, isAppError } from "@fleetwire/core";
import { normalizeSerial, verifyCertificateChain, type X509Certificate } from "@fleetwire/pki";
import { deviceEndpoints, type IdentityDeps } from "./identity-deps.ts";
import { recordOperationalCertificate, signOperationalCertificate } from "./issue-operational-certificate.ts";
import { announceSuperseded } from "./provision-device.ts";
import { type TProvisionResponse, ZRenewRequest } from "./schemas.ts";

/**
 * Renewal before expiry, authenticated by the current operational certificate (mutual TLS): it
 * must be issued by the platform CA, unexpired, recorded, unrevoked, and its device not revoked.
 * The new certificate replaces it; the old one is revoked as superseded in the same transaction.
 */
export async function renewDeviceCertificate(
  deps: IdentityDeps,
  input: { certificate: X509Certificate | undefined; body: unknown; sourceIp?: string },
): Promise<TProvisionResponse> {
  const cn = input.certificate?.subjectName.getField("CN")[0];
  const audit = {
    actor: { type: "device" as const, id: cn ?? null },
    action: "device.certificate.renew",
    ...(cn ? { target: { type: "device", id: cn } } : {}),
    sourceIp: input.sourceIp,
  };
  try {
    const result = await renew(deps, input);
    await recordAudit(deps.prisma, { ...audit, outcome: "success", details: { serial: result.serial } });
    return result;
  } catch (error) {
    const appError = isAppError(error) ? error : undefined;
    await recordAudit(deps.prisma, {
      ...audit,
      outcome: appError ? "denied" : "failure",
      reason: appError ? `${String(appError.details?.reason ?? appError.code)}: ${appError.message}` : "internal error",
      details: { serial: input.certificate?.serialNumber },
    }).catch(() => {});
    throw error;
  }
}

async function renew(
  deps: IdentityDeps,
  input: { certificate: X509Certificate | undefined; body: unknown },
): Promise<TProvisionResponse> {
  const current = input.certificate;
  if (!current) {
    throw new AppError("UNAUTHENTICATED", "present the current operational certificate in mutual TLS", {
      reason: "no_client_certificate",
    });
  }
  const verdict = await verifyCertificateChain(current, {
    anchors: [{ id: "platform", certificate: deps.ca.issuingCertificate }],
  });
  if (!verdict.ok) {
    throw new AppError("UNAUTHENTICATED", `operational certificate refused: ${verdict.message}`, {
      reason: verdict.reason === "untrusted" ? "not_a_platform_certificate" : `certificate_${verdict.reason}`,
    });
  }
  const serial = normalizeSerial(current.serialNumber);
  const row = await deps.prisma.deviceCertificate.findUnique({ where: { serial }, include: { device: true } });
  if (!row || row.deviceId !== verdict.commonName) {
    throw new AppError("UNAUTHENTICATED", "the certificate is not a registered device certificate", {
      reason: "unknown_certificate",
    });
  }
  if (row.revokedAt) throw new AppError("FORBIDDEN", "the certificate has been revoked", { reason: "revoked" });
  if (row.device.status === "revoked" || row.device.status === "suspended") {
    throw new AppError("FORBIDDEN", `device ${row.deviceId} is ${row.device.status}`, {
      reason: `device_${row.device.status}`,
    });
  }
  const parsed = ZRenewRequest.safeParse(input.body);
  if (!parsed.success) {
    throw new AppError("VALIDATION_FAILED", "send JSON {csr: <PKCS#10 PEM>}", { reason: "invalid_request" });
  }

  const cert = await signOperationalCertificate(deps, {
    deviceId: row.deviceId,
    fleetId: row.device.fleetId,
    csr: parsed.data.csr,
  });
  const now = new Date();
  const superseded = await deps.prisma.$transaction(async (tx) => {
    const replaced = await recordOperationalCertificate(tx, row.deviceId, cert, now);
    await tx.deviceEvent.create({
      data: {
        deviceId: row.deviceId,
        kind: "certificate_renewed",
        details: { serial: cert.serial, superseded: replaced },
      },
    });
    return replaced;
  });
  await announceSuperseded(deps, row.deviceId, superseded, now);

  const endpoints = deviceEndpoints(deps.config, row.deviceId);
  return {
    device_id: row.deviceId,
    fleet_id: row.device.fleetId,
    serial: cert.serial,
    expires_at: cert.notAfter.toISOString(),
    operational_cert_pem: cert.certPem,
    ca_chain_pem: deps.ca.chainPem,
    broker_endpoint: endpoints.brokerEndpoint,
    device_shadow_url: endpoints.deviceShadowUrl,
  };
}
