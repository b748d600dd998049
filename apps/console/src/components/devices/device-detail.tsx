"use client";

import { useQuery } from "@tanstack/react-query";
import { PageHeader } from "@/components/ui/page-header.tsx";
import { QueryView } from "@/components/ui/query-view.tsx";
import stack from "@/components/ui/stack.module.css";
import { useTRPC } from "@/lib/trpc/trpc-context.ts";
import { DeviceCertificatesCard } from "./device-certificates-card.tsx";
import { DeviceCommandsCard } from "./device-commands-card.tsx";
import { DeviceShadowCard } from "./device-shadow-card.tsx";
import { DeviceStatusBadge } from "./device-status-badge.tsx";
import { DeviceSummaryCard } from "./device-summary-card.tsx";
import { DeviceTelemetryCard } from "./device-telemetry-card.tsx";
import { DeviceTimelineCard } from "./device-timeline-card.tsx";

export function DeviceDetail({ deviceId }: { deviceId: string }) {
  const trpc = useTRPC();
  const device = useQuery({ ...trpc.devices.get.queryOptions({ deviceId }), refetchInterval: 5_000 });
  return (
    <QueryView query={device} what="the device">
      {(d) => (
        <>
          <PageHeader
            title={d.name ?? d.id}
            description={d.name ? d.id : `${d.fleet.name} · ${d.model?.name ?? "no model"}`}
            actions={<DeviceStatusBadge status={d.status} online={d.online} />}
          />
          <div className={stack.stack}>
            <DeviceSummaryCard device={d} />
            {d.model ? <DeviceTelemetryCard deviceId={d.id} modelId={d.model.id} /> : null}
            <DeviceShadowCard deviceId={d.id} />
            <DeviceCommandsCard deviceId={d.id} />
            <DeviceCertificatesCard deviceId={d.id} />
            <DeviceTimelineCard deviceId={d.id} />
          </div>
        </>
      )}
    </QueryView>
  );
}
