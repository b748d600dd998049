import { z } from "zod";

/** Client-safe request schema for the audit log (the auditor's home in the console). */
export const AUDIT_OUTCOMES = ["success", "denied", "failure"] as const;

export const ZListAuditLogRequest = z.object({
  /** Action prefix: `certificate.` finds certificate.revoke and certificate.issue. */
  action: z.string().trim().max(100).optional(),
  /** An operator's email, or any actor id (operator, token or device id). */
  actor: z.string().trim().max(254).optional(),
  targetType: z.string().trim().max(100).optional(),
  targetId: z.string().trim().max(200).optional(),
  outcome: z.enum(AUDIT_OUTCOMES).optional(),
  /** ISO 8601 times; `since` inclusive, `until` exclusive. */
  since: z.iso.datetime({ offset: true }).optional(),
  until: z.iso.datetime({ offset: true }).optional(),
  cursor: z.string().max(500).optional(),
  limit: z.number().int().min(1).max(500).default(100),
});
export type TListAuditLogRequest = z.input<typeof ZListAuditLogRequest>;
