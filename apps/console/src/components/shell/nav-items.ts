/** The console's sections, in sidebar order. */
export const NAV_ITEMS = [
  { href: "/", label: "Overview" },
  { href: "/fleets", label: "Fleets" },
  { href: "/devices", label: "Devices" },
  { href: "/rules", label: "Rules" },
  { href: "/certificates", label: "Certificates" },
  { href: "/audit", label: "Audit" },
] as const;
