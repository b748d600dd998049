"use client";

import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { Card } from "@/components/ui/card.tsx";
import { EmptyState } from "@/components/ui/empty-state.tsx";
import { ErrorPanel } from "@/components/ui/error-panel.tsx";
import { LoadingRows } from "@/components/ui/loading-rows.tsx";
import { TimeAgo } from "@/components/ui/time-ago.tsx";
import { useTRPC } from "@/lib/trpc/trpc-context.ts";
import styles from "./device-timeline-card.module.css";
import { timelineEntries } from "./timeline-entries.ts";

const REFRESH_MS = 5_000;

/** What happened to the device, newest first: provisioning, revocations, commands, shadow changes. */
export function DeviceTimelineCard({ deviceId }: { deviceId: string }) {
  const trpc = useTRPC();
  const events = useQuery({
    ...trpc.devices.events.queryOptions({ deviceId, limit: 50 }),
    refetchInterval: REFRESH_MS,
  });
  const shadow = useQuery({
    ...trpc.shadows.history.queryOptions({ deviceId, limit: 50 }),
    refetchInterval: REFRESH_MS,
  });
  let body: ReactNode;
  if (events.isPending || shadow.isPending) body = <LoadingRows rows={3} label="Loading the timeline…" />;
  else if (events.isError)
    body = (
      <ErrorPanel title="Could not load the timeline" error={events.error} onRetry={() => void events.refetch()} />
    );
  else {
    const entries = timelineEntries(events.data.items, shadow.data?.items ?? []);
    body =
      entries.length === 0 ? (
        <EmptyState title="Nothing recorded yet" />
      ) : (
        <ol className={styles.timeline} aria-label="Device timeline">
          {entries.map((entry) => (
            <li key={entry.key} className={styles.entry}>
              <span className={styles.when}>
                <TimeAgo value={entry.at} />
              </span>
              <span className={styles.what}>
                <strong>{entry.title}</strong>
                {entry.detail ? <span className={styles.who}> · {entry.detail}</span> : null}
              </span>
            </li>
          ))}
        </ol>
      );
  }
  return <Card title="Timeline">{body}</Card>;
}
