import type { RevocationReason } from "@fleetwire/identity/schemas";

/** RFC 5280 reasons an operator picks from, in words. */
export const REVOCATION_REASON_LABELS: Record<RevocationReason, string> = {
  keyCompromise: "Key compromised",
  cessationOfOperation: "Device decommissioned",
  superseded: "Superseded by a new certificate",
  affiliationChanged: "Device changed owner",
  privilegeWithdrawn: "Privilege withdrawn",
  certificateHold: "On hold",
  cACompromise: "CA compromised",
  unspecified: "Unspecified",
};

export const revocationReasonLabel = (reason: string | null | undefined) =>
  reason ? (REVOCATION_REASON_LABELS[reason as RevocationReason] ?? reason) : "—";
