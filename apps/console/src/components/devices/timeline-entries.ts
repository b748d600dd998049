import type { RouterOutputs } from "@/lib/trpc/router-types.ts";

type DeviceEvent = RouterOutputs["devices"]["events"]["items"][number];
type ShadowChange = RouterOutputs["shadows"]["history"]["items"][number];

export type TimelineEntry = { key: string; at: string; title: string; detail?: string };

const EVENT_TITLES: Record<string, string> = {
  provisioned: "Provisioned",
  certificate_revoked: "Certificate revoked",
  certificate_renewed: "Certificate renewed",
  psk_created: "Pre-shared key created",
  psk_revoked: "Pre-shared key revoked",
  command_sent: "Command sent",
  command_succeeded: "Command succeeded",
  command_failed: "Command failed",
};

function eventDetail(event: DeviceEvent): string | undefined {
  const d = event.details;
  if (typeof d.reason === "string") return d.reason;
  if (typeof d.name === "string") return d.name;
  if (typeof d.firmware_version === "string") return `firmware ${d.firmware_version}`;
  return undefined;
}

/** Device events and shadow changes as one timeline, newest first. */
export function timelineEntries(events: DeviceEvent[], shadow: ShadowChange[]): TimelineEntry[] {
  const fromEvents = events.map((e) => ({
    key: `event-${e.id}`,
    at: e.at,
    title: EVENT_TITLES[e.kind] ?? e.kind,
    detail: eventDetail(e),
  }));
  const fromShadow = shadow.map((c) => ({
    key: `shadow-${c.id}`,
    at: c.at,
    title: c.section === "desired" ? "Desired state changed" : "Reported state",
    detail: Object.keys(c.patch).join(", ") || undefined,
  }));
  return [...fromEvents, ...fromShadow].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
}
