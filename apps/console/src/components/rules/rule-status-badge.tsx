import { StatusBadge } from "@/components/ui/status-badge.tsx";

const TONES = { enabled: "ok", disabled: "neutral", invalid: "danger" } as const;
const LABELS = { enabled: "Enabled", disabled: "Disabled", invalid: "Invalid" } as const;

/** enabled / disabled as set; invalid when the current version no longer validates (workers skip it). */
export function RuleStatusBadge({ status }: { status: keyof typeof TONES }) {
  return <StatusBadge tone={TONES[status]}>{LABELS[status]}</StatusBadge>;
}
