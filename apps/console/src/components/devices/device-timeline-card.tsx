"use client";

import { useQuery } from "@tanstack/react-query";
import { auditActionLabel } from "@/components/audit/audit-action-label.ts";
import { AuditActor } from "@/components/audit/audit-actor.tsx";
import { Card } from "@/components/ui/card.tsx";
import { EmptyState } from "@/components/ui/empty-state.tsx";
import { QueryView } from "@/components/ui/query-view.tsx";
import { StatusBadge } from "@/components/ui/status-badge.tsx";
import { TimeAgo } from "@/components/ui/time-ago.tsx";
import { useTRPC } from "@/lib/trpc/trpc-context.ts";
import styles from "./device-timeline-card.module.css";

/** What happened to the device, newest first, from the audit log (provisioning, revocations, …). */
export function DeviceTimelineCard({ deviceId }: { deviceId: string }) {
  const trpc = useTRPC();
  const query = useQuery({
    ...trpc.audit.list.queryOptions({ targetId: deviceId, limit: 50 }),
    refetchInterval: 10_000,
  });
  return (
    <Card title="Timeline">
      <QueryView
        query={query}
        what="the timeline"
        isEmpty={(page) => page.items.length === 0}
        empty={<EmptyState title="Nothing recorded yet" />}
      >
        {(page) => (
          <ol className={styles.timeline} aria-label="Device timeline">
            {page.items.map((entry) => (
              <li key={entry.id} className={styles.entry}>
                <span className={styles.when}>
                  <TimeAgo value={entry.at} />
                </span>
                <span className={styles.what}>
                  <strong>{auditActionLabel(entry.action)}</strong>
                  {entry.reason ? <span> · {entry.reason}</span> : null}
                  <span className={styles.who}>
                    {" "}
                    by <AuditActor actor={entry.actor} />
                  </span>
                </span>
                {entry.outcome !== "success" ? <StatusBadge tone="danger">{entry.outcome}</StatusBadge> : null}
              </li>
            ))}
          </ol>
        )}
      </QueryView>
    </Card>
  );
}
