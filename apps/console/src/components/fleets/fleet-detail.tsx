"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { ManufacturerCasPanel } from "@/components/cas/manufacturer-cas-panel.tsx";
import { ModelsTable } from "@/components/models/models-table.tsx";
import { Can } from "@/components/session/can.tsx";
import { Button } from "@/components/ui/button.tsx";
import { Card } from "@/components/ui/card.tsx";
import { DetailList } from "@/components/ui/detail-list.tsx";
import { EmptyState } from "@/components/ui/empty-state.tsx";
import { PageHeader } from "@/components/ui/page-header.tsx";
import { QueryView } from "@/components/ui/query-view.tsx";
import stack from "@/components/ui/stack.module.css";
import { formatDateTime } from "@/lib/format-time.ts";
import { useTRPC } from "@/lib/trpc/trpc-context.ts";
import { FleetFormDialog } from "./fleet-form-dialog.tsx";

export function FleetDetail({ fleetId }: { fleetId: string }) {
  const trpc = useTRPC();
  const [editing, setEditing] = useState(false);
  const fleet = useQuery(trpc.fleets.get.queryOptions({ fleetId }));
  const models = useQuery(trpc.models.list.queryOptions({ fleetId }));
  return (
    <QueryView query={fleet} what="the fleet">
      {(f) => (
        <>
          <PageHeader
            title={f.name}
            description={f.description ?? "Fleet"}
            actions={
              <Can permission="fleet:write">
                <Button variant="secondary" onClick={() => setEditing(true)}>
                  Edit fleet
                </Button>
              </Can>
            }
          />
          <div className={stack.stack}>
            <Card title="Details">
              <DetailList
                items={[
                  ["Slug", f.slug],
                  ["Fleet id", f.id],
                  ["Devices", <Link key="d" href={`/devices?fleetId=${f.id}`}>{`${f.deviceCount} devices`}</Link>],
                  ["Created", formatDateTime(f.createdAt)],
                  ["Updated", formatDateTime(f.updatedAt)],
                ]}
              />
            </Card>
            <Card title="Models provisioning into this fleet">
              <QueryView
                query={models}
                what="models"
                isEmpty={(m) => m.length === 0}
                empty={<EmptyState title="No models default to this fleet" />}
              >
                {(m) => <ModelsTable models={m} />}
              </QueryView>
            </Card>
            <ManufacturerCasPanel scope={{ fleetId }} />
          </div>
          {editing ? <FleetFormDialog open fleet={f} onClose={() => setEditing(false)} /> : null}
        </>
      )}
    </QueryView>
  );
}
