"use client";

import { useQuery } from "@tanstack/react-query";
import { schemaFields } from "@/components/rules/schema-fields.ts";
import { Card } from "@/components/ui/card.tsx";
import { EmptyState } from "@/components/ui/empty-state.tsx";
import { QueryView } from "@/components/ui/query-view.tsx";
import stack from "@/components/ui/stack.module.css";
import { useTRPC } from "@/lib/trpc/trpc-context.ts";
import { TelemetryMetricChart } from "./telemetry-metric-chart.tsx";

const MAX_CHARTS = 6;

/** A live chart for each numeric field the device's model declares in its telemetry schema. */
export function DeviceTelemetryCard({ deviceId, modelId }: { deviceId: string; modelId: string }) {
  const trpc = useTRPC();
  const model = useQuery(trpc.models.get.queryOptions({ modelId }));
  return (
    <Card title="Telemetry">
      <QueryView query={model} what="the model's metrics">
        {(m) => {
          const metrics = schemaFields(m.telemetrySchema)
            .filter((f) => /\b(number|integer)\b/.test(f.type))
            .slice(0, MAX_CHARTS);
          if (metrics.length === 0) {
            return (
              <EmptyState title="No numeric metrics">
                The model's telemetry schema declares no number fields.
              </EmptyState>
            );
          }
          return (
            <div className={stack.grid2}>
              {metrics.map((f) => (
                <TelemetryMetricChart key={f.path} deviceId={deviceId} metric={f.path} />
              ))}
            </div>
          );
        }}
      </QueryView>
    </Card>
  );
}
