import Link from "next/link";
import { revocationReasonLabel } from "@/components/devices/revocation-reasons.ts";
import table from "@/components/ui/table.module.css";
import { formatDateTime } from "@/lib/format-time.ts";
import type { RouterOutputs } from "@/lib/trpc/router-types.ts";

type Entry = RouterOutputs["crl"]["get"]["entries"][number];

/** Each revocation: which device and certificate, who revoked it, when and why. */
export function RevocationsTable({ entries }: { entries: Entry[] }) {
  return (
    <div className={table.wrap}>
      <table className={table.table} aria-label="Revocations">
        <thead>
          <tr>
            <th>Device</th>
            <th>Serial</th>
            <th>Reason</th>
            <th>Revoked by</th>
            <th>When</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.serial}>
              <td>
                <Link href={`/devices/${encodeURIComponent(entry.deviceId)}`}>{entry.deviceId}</Link>
              </td>
              <td className={table.mono}>{entry.serial}</td>
              <td>{revocationReasonLabel(entry.reason)}</td>
              <td>{entry.revokedBy?.email ?? <span className={table.muted}>the platform</span>}</td>
              <td>{formatDateTime(entry.revokedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
