import type { PrismaClient } from "@fleetwire/db";
import { type CaSigner, type CrlReason, generateCrl, X509Crl } from "@fleetwire/pki";
import type { IdentityDeps } from "./identity-deps.ts";
import { reasonName } from "./schemas.ts";

/** A CRL is valid for a week and re-signed once less than six days remain (so daily). */
export const CRL_VALIDITY_HOURS = 7 * 24;
export const CRL_REFRESH_WHEN_LEFT_HOURS = 6 * 24;

export interface CurrentCrl {
  number: bigint;
  pem: string;
  der: Buffer;
  thisUpdate: Date;
  nextUpdate: Date;
}

/**
 * Signs a CRL listing every revoked, unexpired device certificate, stores it with the next CRL
 * number, and hands it to the broker (Mosquitto reloads it; EMQX fetches the CDP URL). The
 * database is the truth; any control-plane instance can re-sign.
 */
export async function publishCrl(deps: Pick<IdentityDeps, "prisma" | "ca" | "broker">, now = new Date()) {
  const revoked = await deps.prisma.deviceCertificate.findMany({
    where: { revokedAt: { not: null }, expiresAt: { gt: now } },
    select: { serial: true, revokedAt: true, revocationReason: true },
    orderBy: { revokedAt: "asc" },
  });
  const last = await deps.prisma.certificateRevocationList.findFirst({ orderBy: { number: "desc" } });
  // Monotonic across instances and restarts; never below the seconds-based numbers of ensureCrlFile.
  const number = Math.max(Number(last?.number ?? 0) + 1, Math.floor(now.getTime() / 1000));
  const crl = await generateCrl(
    deps.ca,
    revoked.map((r) => ({
      serial: r.serial,
      revokedAt: r.revokedAt ?? now,
      reason: reasonName(r.revocationReason) as CrlReason,
    })),
    { nextUpdateHours: CRL_VALIDITY_HOURS, now, crlNumber: number },
  );
  await deps.prisma.certificateRevocationList.create({
    data: {
      number: BigInt(number),
      thisUpdate: crl.thisUpdate,
      nextUpdate: crl.nextUpdate,
      der: new Uint8Array(crl.der),
      pem: crl.pem,
    },
  });
  await deps.broker.applyCrl(crl.pem);
  return { number: BigInt(number), pem: crl.pem, der: crl.der, thisUpdate: crl.thisUpdate, nextUpdate: crl.nextUpdate };
}

/**
 * The newest stored CRL signed by this CA (a shared test database may hold CRLs of other
 * throwaway CAs), or undefined when there is none yet.
 */
export async function getCurrentCrl(prisma: PrismaClient, ca: CaSigner): Promise<CurrentCrl | undefined> {
  const rows = await prisma.certificateRevocationList.findMany({ orderBy: { number: "desc" }, take: 10 });
  for (const row of rows) {
    const crl = new X509Crl(new Uint8Array(row.der));
    if (crl.issuer !== ca.issuingCertificate.subject) continue;
    if (!(await crl.verify({ publicKey: ca.issuingCertificate.publicKey }, ca.crypto))) continue;
    return {
      number: row.number,
      pem: row.pem,
      der: Buffer.from(row.der),
      thisUpdate: row.thisUpdate,
      nextUpdate: row.nextUpdate,
    };
  }
  return undefined;
}

/** The current CRL, signing a first or a fresher one when needed. */
export async function ensureCurrentCrl(
  deps: Pick<IdentityDeps, "prisma" | "ca" | "broker">,
  now = new Date(),
): Promise<CurrentCrl> {
  const current = await getCurrentCrl(deps.prisma, deps.ca);
  if (current && current.nextUpdate.getTime() - now.getTime() > CRL_REFRESH_WHEN_LEFT_HOURS * 3600_000) return current;
  return publishCrl(deps, now);
}

/**
 * Re-signs the CRL before it expires (a broker holding an expired CRL refuses every device).
 * Checks every `intervalMs`; returns a stop function.
 */
export function startCrlRefresher(
  deps: Pick<IdentityDeps, "prisma" | "ca" | "broker" | "log">,
  { intervalMs = 10 * 60_000 } = {},
): () => void {
  const tick = () =>
    ensureCurrentCrl(deps).catch((err) => deps.log?.warn({ err }, "the CRL could not be refreshed; retrying later"));
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  void tick();
  return () => clearInterval(timer);
}
