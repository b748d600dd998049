"use client";

import type { Permission } from "@fleetwire/access/permissions";
import type { ReactNode } from "react";
import { useCan } from "./use-can.ts";

/** Renders its children only for roles with the permission (absent, not disabled, for the others). */
export function Can({ permission, children }: { permission: Permission; children: ReactNode }) {
  return useCan(permission) ? children : null;
}
