"use client";

import { can, type Permission } from "@fleetwire/access/permissions";
import { useOperator } from "./operator-provider.tsx";

/**
 * Whether the signed-in operator's role may do something. The UI leaves out what it may not do;
 * the control plane enforces the same table on every call regardless.
 */
export function useCan(permission: Permission): boolean {
  return can(useOperator().role, permission);
}
