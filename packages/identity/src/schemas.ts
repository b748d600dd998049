import { z } from "zod";

/**
 * Client-safe request/response shapes of device identity (no server imports): the device
 * HTTPS API, the operator API, the console's forms and fleetctl share them.
 */

/** Ids the platform uses itself; a device named like them would inherit their broker access. */
export const RESERVED_DEVICE_IDS = ["fleetwire-service", "fleetwire-health", "fleetwire-admin"] as const;
/** Safe in MQTT topics, file names, PSK files and certificate CNs: no '/', '+', '#', ':' or spaces. */
export const DEVICE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export const ZDeviceId = z
  .string()
  .regex(DEVICE_ID_PATTERN, "1 to 128 of A-Z a-z 0-9 . _ -, starting with a letter or digit")
  .refine((id) => !id.toLowerCase().startsWith("fleetwire-"), "ids starting with fleetwire- are reserved");

export const ZProvisionRequest = z
  .object({
    device_id: ZDeviceId,
    /** The model's name or id. */
    model: z.string().trim().min(1).max(200),
    firmware_version: z.string().trim().min(1).max(64),
    /** PKCS#10 PEM: the device keeps its private key. */
    csr: z.string().min(1).max(16_384).optional(),
    /** For devices that cannot make a CSR: the platform generates the key and returns it once. */
    generate_key: z.boolean().optional(),
  })
  .refine((b) => Boolean(b.csr) !== Boolean(b.generate_key), {
    message: "send either csr or generate_key: true",
    path: ["csr"],
  });
export type TProvisionRequest = z.infer<typeof ZProvisionRequest>;

export const ZRenewRequest = z.object({ csr: z.string().min(1).max(16_384) });
export type TRenewRequest = z.infer<typeof ZRenewRequest>;

export interface TProvisionResponse {
  device_id: string;
  fleet_id: string;
  serial: string;
  expires_at: string;
  operational_cert_pem: string;
  ca_chain_pem: string;
  broker_endpoint: string;
  device_shadow_url: string;
  /** Only with generate_key: true; shown once, never stored. */
  private_key_pem?: string;
}

/** RFC 5280 CRLReason (section 5.3.1); value 7 is unused and removeFromCRL (8) only applies to holds. */
export const REVOCATION_REASONS = {
  unspecified: 0,
  keyCompromise: 1,
  cACompromise: 2,
  affiliationChanged: 3,
  superseded: 4,
  cessationOfOperation: 5,
  certificateHold: 6,
  privilegeWithdrawn: 9,
} as const;
export type RevocationReason = keyof typeof REVOCATION_REASONS;
const REASON_NAMES = Object.keys(REVOCATION_REASONS) as [RevocationReason, ...RevocationReason[]];

/** A reason by name ("keyCompromise") or by code (1). */
export const ZRevocationReason = z.union([
  z.enum(REASON_NAMES),
  z
    .number()
    .int()
    .refine((code) => Object.values(REVOCATION_REASONS).includes(code as never), "not an RFC 5280 reason code")
    .transform((code) => REASON_NAMES.find((name) => REVOCATION_REASONS[name] === code) as RevocationReason),
]);

export function reasonName(code: number | null | undefined): RevocationReason {
  return REASON_NAMES.find((name) => REVOCATION_REASONS[name] === code) ?? "unspecified";
}

export const ZRevokeCertificateRequest = z.object({
  /** One certificate; without it every unrevoked certificate of the device. */
  serial: z
    .string()
    .regex(/^[0-9a-fA-F:]{1,64}$/, "hex")
    .optional(),
  reason: ZRevocationReason,
});
export type TRevokeCertificateRequest = z.infer<typeof ZRevokeCertificateRequest>;

export const ZRevokePskRequest = z.object({ deviceId: ZDeviceId, reason: z.string().trim().min(1).max(200) });
