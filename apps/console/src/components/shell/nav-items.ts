import type { Permission } from "@fleetwire/access/permissions";

/** The console's sections, in sidebar order; a section shows only for roles with its permission. */
export const NAV_ITEMS: readonly { href: string; label: string; permission: Permission }[] = [
  { href: "/", label: "Overview", permission: "platform:read" },
  { href: "/fleets", label: "Fleets", permission: "fleet:read" },
  { href: "/models", label: "Models", permission: "fleet:read" },
  { href: "/devices", label: "Devices", permission: "device:read" },
  { href: "/rules", label: "Rules", permission: "rule:read" },
  { href: "/certificates", label: "Certificates", permission: "device:read" },
  { href: "/audit", label: "Audit", permission: "audit:read" },
  { href: "/operators", label: "Operators", permission: "operator:read" },
];
