import { StatusBadge } from "@/components/ui/status-badge.tsx";

/** Revoked wins over connection state: a revoked device is never shown as online. */
export function DeviceStatusBadge({ status, online }: { status: string; online: boolean }) {
  if (status === "revoked") return <StatusBadge tone="danger">Revoked</StatusBadge>;
  return online ? <StatusBadge tone="ok">Online</StatusBadge> : <StatusBadge tone="neutral">Offline</StatusBadge>;
}
