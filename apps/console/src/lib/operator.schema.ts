import { ROLES, type Role } from "@fleetwire/access/permissions";
import { z } from "zod";

/** The operator roles of the platform; the control plane enforces them, the UI follows them. */
export const ZOperatorRole = z.enum(ROLES);
export type TOperatorRole = Role;

export const OPERATOR_ROLE_LABELS: Record<TOperatorRole, string> = {
  admin: "Admin",
  operator: "Operator",
  rule_author: "Rule author",
  auditor: "Auditor",
};

export const ZOperator = z.object({
  id: z.string().min(1),
  email: z.string().min(1),
  role: ZOperatorRole,
  name: z.string().nullish(),
});
export type TOperator = z.infer<typeof ZOperator>;

/** Body of the control plane's `POST /api/auth/session`. */
export const ZSignInRequest = z.object({
  email: z.string().trim().min(1).max(254),
  password: z.string().min(1).max(256),
});
export type TSignInRequest = z.infer<typeof ZSignInRequest>;

/** Its answer: the operator and a bearer token for the control plane's API. */
export const ZSignInResponse = z.object({
  operator: ZOperator,
  token: z.string().min(1),
  expiresAt: z.coerce.date(),
});
export type TSignInResponse = z.infer<typeof ZSignInResponse>;
