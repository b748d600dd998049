"use client";

import { AUDIT_OUTCOMES } from "@fleetwire/registry/schemas";
import toolbar from "@/components/ui/toolbar.module.css";

export type AuditFilterState = {
  action?: string;
  actor?: string;
  targetType?: string;
  targetId?: string;
  outcome?: (typeof AUDIT_OUTCOMES)[number];
  since?: string;
  until?: string;
};

// Prefixes the audit log's actions start with; "certificate." finds issue, renew and revoke.
const ACTION_PREFIXES = [
  "certificate.",
  "device.",
  "psk.",
  "command.",
  "shadow.",
  "rule.",
  "fleet.",
  "model.",
  "operator.",
  "token.",
];

type Props = { filters: AuditFilterState; onChange: (patch: Partial<AuditFilterState>) => void };

/** Local date-time input value (no zone) to an ISO time with offset, as the API wants. */
const toIso = (local: string) => (local ? new Date(local).toISOString() : undefined);
const toLocal = (iso: string | undefined) => {
  if (!iso) return "";
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

export function AuditFilters({ filters, onChange }: Props) {
  return (
    <div className={toolbar.toolbar}>
      <label>
        Action
        <input
          list="audit-actions"
          placeholder="e.g. certificate."
          value={filters.action ?? ""}
          onChange={(e) => onChange({ action: e.target.value || undefined })}
          size={16}
        />
        <datalist id="audit-actions">
          {ACTION_PREFIXES.map((prefix) => (
            <option key={prefix} value={prefix} />
          ))}
        </datalist>
      </label>
      <label>
        Actor
        <input
          placeholder="email or id"
          value={filters.actor ?? ""}
          onChange={(e) => onChange({ actor: e.target.value || undefined })}
          size={20}
        />
      </label>
      <label>
        Target type
        <input
          placeholder="e.g. device"
          value={filters.targetType ?? ""}
          onChange={(e) => onChange({ targetType: e.target.value || undefined })}
          size={10}
        />
      </label>
      <label>
        Target id
        <input
          placeholder="e.g. a device id"
          value={filters.targetId ?? ""}
          onChange={(e) => onChange({ targetId: e.target.value || undefined })}
          size={18}
        />
      </label>
      <label>
        Outcome
        <select
          value={filters.outcome ?? ""}
          onChange={(e) => onChange({ outcome: (e.target.value || undefined) as AuditFilterState["outcome"] })}
        >
          <option value="">Any</option>
          {AUDIT_OUTCOMES.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      </label>
      <label>
        Since
        <input
          type="datetime-local"
          value={toLocal(filters.since)}
          onChange={(e) => onChange({ since: toIso(e.target.value) })}
        />
      </label>
      <label>
        Until
        <input
          type="datetime-local"
          value={toLocal(filters.until)}
          onChange={(e) => onChange({ until: toIso(e.target.value) })}
        />
      </label>
    </div>
  );
}
