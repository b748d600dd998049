"use client";

import { useQuery } from "@tanstack/react-query";
import { Can } from "@/components/session/can.tsx";
import { Card } from "@/components/ui/card.tsx";
import { QueryView } from "@/components/ui/query-view.tsx";
import stack from "@/components/ui/stack.module.css";
import { TimeAgo } from "@/components/ui/time-ago.tsx";
import { useTRPC } from "@/lib/trpc/trpc-context.ts";
import { DesiredStateEditor } from "./desired-state-editor.tsx";
import { JsonBlock } from "./json-block.tsx";

/** The device shadow: what it reports, what is desired, and the delta it has yet to apply. */
export function DeviceShadowCard({ deviceId }: { deviceId: string }) {
  const trpc = useTRPC();
  const shadow = useQuery({ ...trpc.shadows.get.queryOptions({ deviceId }), refetchInterval: 5_000 });
  return (
    <Card
      title="Shadow"
      aside={shadow.data ? <span style={{ color: "var(--muted)" }}>version {shadow.data.version}</span> : null}
    >
      <QueryView query={shadow} what="the shadow">
        {(s) => (
          <div className={stack.stack} style={{ gap: 14 }}>
            <div style={{ display: "grid", gridTemplateColumns: "repeat(3, minmax(0, 1fr))", gap: 12 }}>
              <div>
                <strong>Reported</strong>
                <JsonBlock label="Reported state" value={s.reported} />
              </div>
              <div>
                <strong>Desired</strong>
                <JsonBlock label="Desired state" value={s.desired} />
              </div>
              <div>
                <strong>Delta</strong>
                <JsonBlock label="Delta" value={s.delta} />
              </div>
            </div>
            <p style={{ margin: 0, color: "var(--muted)" }}>
              Last changed <TimeAgo value={s.updatedAt} />
            </p>
            <Can permission="shadow:write">
              <DesiredStateEditor deviceId={deviceId} version={s.version} />
            </Can>
          </div>
        )}
      </QueryView>
    </Card>
  );
}
