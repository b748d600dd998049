import { StatusBadge } from "@/components/ui/status-badge.tsx";
import table from "@/components/ui/table.module.css";
import { formatDateTime } from "@/lib/format-time.ts";
import type { RouterOutputs } from "@/lib/trpc/router-types.ts";
import { AuditActor } from "./audit-actor.tsx";
import { AuditDetails } from "./audit-details.tsx";

type Entry = RouterOutputs["audit"]["list"]["items"][number];

const TONES = { success: "ok", denied: "danger", failure: "warn" } as const;

export function AuditTable({ entries }: { entries: Entry[] }) {
  return (
    <div className={table.wrap}>
      <table className={table.table} aria-label="Audit log">
        <thead>
          <tr>
            <th>When</th>
            <th>Who</th>
            <th>Action</th>
            <th>Target</th>
            <th>Outcome</th>
            <th>Reason</th>
            <th>Details</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id}>
              <td style={{ whiteSpace: "nowrap" }}>{formatDateTime(entry.at)}</td>
              <td>
                <AuditActor actor={entry.actor} />
                {entry.sourceIp ? <div className={table.muted}>{entry.sourceIp}</div> : null}
              </td>
              <td className={`${table.mono} ${table.nowrap}`}>{entry.action}</td>
              <td>
                {entry.target ? (
                  <>
                    <span className={table.muted}>{entry.target.type}</span>{" "}
                    <span className={table.mono}>{entry.target.id}</span>
                  </>
                ) : (
                  "—"
                )}
              </td>
              <td>
                <StatusBadge tone={TONES[entry.outcome as keyof typeof TONES] ?? "neutral"}>
                  {entry.outcome}
                </StatusBadge>
              </td>
              <td>{entry.reason ?? "—"}</td>
              <td>
                <AuditDetails details={entry.details} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
