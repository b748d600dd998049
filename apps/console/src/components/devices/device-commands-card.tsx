"use client";

import { useQuery } from "@tanstack/react-query";
import { Can } from "@/components/session/can.tsx";
import { Card } from "@/components/ui/card.tsx";
import { EmptyState } from "@/components/ui/empty-state.tsx";
import { QueryView } from "@/components/ui/query-view.tsx";
import { StatusBadge } from "@/components/ui/status-badge.tsx";
import table from "@/components/ui/table.module.css";
import { TimeAgo } from "@/components/ui/time-ago.tsx";
import { useTRPC } from "@/lib/trpc/trpc-context.ts";
import { SendCommandForm } from "./send-command-form.tsx";

const TONES = { queued: "neutral", delivered: "warn", succeeded: "ok", failed: "danger", expired: "danger" } as const;

/** Commands sent to the device, newest first, with their status as the device answers. */
export function DeviceCommandsCard({ deviceId }: { deviceId: string }) {
  const trpc = useTRPC();
  const commands = useQuery({ ...trpc.commands.list.queryOptions({ deviceId, limit: 20 }), refetchInterval: 3_000 });
  return (
    <Card title="Commands">
      <Can permission="command:send">
        <SendCommandForm deviceId={deviceId} />
      </Can>
      <QueryView
        query={commands}
        what="commands"
        isEmpty={(page) => page.items.length === 0}
        empty={<EmptyState title="No commands sent yet" />}
      >
        {(page) => (
          <table className={table.table} aria-label="Commands">
            <thead>
              <tr>
                <th>Command</th>
                <th>Status</th>
                <th>Sent</th>
                <th>Result</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((c) => (
                <tr key={c.id}>
                  <td>
                    <div className={table.mono}>{c.name}</div>
                    <div className={`${table.mono} ${table.muted}`}>{JSON.stringify(c.params)}</div>
                  </td>
                  <td>
                    <StatusBadge tone={TONES[c.status as keyof typeof TONES] ?? "neutral"}>{c.status}</StatusBadge>
                  </td>
                  <td className={table.muted}>
                    <TimeAgo value={c.queuedAt} />
                  </td>
                  <td className={table.mono}>{c.error ?? (c.result === null ? "—" : JSON.stringify(c.result))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </QueryView>
    </Card>
  );
}
