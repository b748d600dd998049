/**
 * What each operator role may do. The control plane checks a permission on every procedure;
 * the console hides what the role may not do (this file is client-safe: no server imports).
 */
export const ROLES = ["admin", "operator", "rule_author", "auditor"] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  "platform:read",
  "fleet:read",
  "fleet:write",
  "device:read",
  "device:write",
  "device:provision",
  "certificate:revoke",
  "psk:write",
  "shadow:write",
  "command:send",
  "rule:read",
  "rule:write",
  "alert:write",
  "audit:read",
  "operator:read",
  "operator:write",
  "token:write",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const READ: Permission[] = ["platform:read", "fleet:read", "device:read", "rule:read"];

const GRANTS: Record<Role, ReadonlySet<Permission>> = {
  admin: new Set(PERMISSIONS),
  operator: new Set<Permission>([
    ...READ,
    "fleet:write",
    "device:write",
    "device:provision",
    "certificate:revoke",
    "psk:write",
    "shadow:write",
    "command:send",
    "alert:write",
    "operator:read",
    "token:write",
  ]),
  rule_author: new Set<Permission>([...READ, "rule:write", "token:write"]),
  auditor: new Set<Permission>([...READ, "audit:read", "operator:read", "token:write"]),
};

export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role].has(permission);
}

export function permissionsOf(role: Role): Permission[] {
  return PERMISSIONS.filter((p) => GRANTS[role].has(p));
}
