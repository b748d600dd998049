import type { RouterOutputs } from "@/lib/trpc/router-types.ts";

type DeviceEvent = RouterOutputs["devices"]["events"]["items"][number];
type ShadowChange = RouterOutputs["shadows"]["history"]["items"][number];

export type TimelineEntry = { key: string; at: string; title: string; detail?: string };

const EVENT_TITLES: Record<string, string> = {
  connected: "Connected",
  disconnected: "Disconnected",
  rejected: "Connection refused",
  provisioned: "Provisioned",
  certificate_revoked: "Certificate revoked",
  certificate_renewed: "Certificate renewed",
  psk_created: "Pre-shared key created",
  psk_revoked: "Pre-shared key revoked",
  command_sent: "Command sent",
  command_succeeded: "Command succeeded",
  command_failed: "Command failed",
};

const LISTENERS: Record<string, string> = { mtls: "certificate", psk: "pre-shared key" };
const REASONS: Record<string, string> = {
  client_id_mismatch: "client id is not the device id",
  taken_over: "replaced by a newer connection",
  takenover: "replaced by a newer connection",
  closed: "connection closed",
};

/** Broker presence (connected / disconnected / rejected): how, and why it ended or was refused. */
function presenceDetail(event: DeviceEvent): string | undefined {
  const d = event.details;
  const parts = [
    typeof d.reason === "string" ? (REASONS[d.reason] ?? d.reason) : undefined,
    event.kind === "rejected" && typeof d.client_id === "string" && d.client_id
      ? `client id ${d.client_id}`
      : undefined,
    typeof d.listener === "string" ? (LISTENERS[d.listener] ?? d.listener) : undefined,
    d.protocol_version !== undefined && d.protocol_version !== "" ? `MQTT v${d.protocol_version}` : undefined,
    typeof d.address === "string" && d.address ? `from ${d.address}` : undefined,
  ].filter(Boolean);
  return parts.length ? parts.join(" · ") : undefined;
}

function eventDetail(event: DeviceEvent): string | undefined {
  const d = event.details;
  if (event.kind === "connected" || event.kind === "disconnected" || event.kind === "rejected") {
    return presenceDetail(event);
  }
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
