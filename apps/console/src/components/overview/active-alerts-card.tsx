"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Card } from "@/components/ui/card.tsx";
import { EmptyState } from "@/components/ui/empty-state.tsx";
import { QueryView } from "@/components/ui/query-view.tsx";
import { StatusBadge } from "@/components/ui/status-badge.tsx";
import table from "@/components/ui/table.module.css";
import { TimeAgo } from "@/components/ui/time-ago.tsx";
import { useTRPC } from "@/lib/trpc/trpc-context.ts";

const TONES = { critical: "danger", warning: "warn", info: "neutral" } as const;

/** Alerts still active, newest first; the message is the rule's template filled by device data, shown as text. */
export function ActiveAlertsCard() {
  const trpc = useTRPC();
  const query = useQuery({ ...trpc.alerts.list.queryOptions({ status: "active", limit: 10 }), refetchInterval: 5_000 });
  return (
    <Card title="Active alerts">
      <QueryView
        query={query}
        what="alerts"
        isEmpty={(page) => page.items.length === 0}
        empty={
          <EmptyState title="No active alerts">
            Rules raise alerts with alert_if; they show here until resolved.
          </EmptyState>
        }
      >
        {(page) => (
          <table className={table.table} aria-label="Active alerts">
            <tbody>
              {page.items.map((alert) => (
                <tr key={alert.id}>
                  <td>
                    <StatusBadge tone={TONES[alert.severity as keyof typeof TONES] ?? "neutral"}>
                      {alert.severity}
                    </StatusBadge>
                  </td>
                  <td>
                    <div>{alert.message}</div>
                    <div className={table.muted}>
                      <Link href={`/devices/${encodeURIComponent(alert.deviceId)}`}>{alert.deviceId}</Link>
                      {alert.count > 1 ? ` · ${alert.count} times` : ""}
                    </div>
                  </td>
                  <td className={table.muted}>
                    <TimeAgo value={alert.lastSeenAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </QueryView>
    </Card>
  );
}
