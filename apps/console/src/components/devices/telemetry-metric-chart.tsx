"use client";

import { useQuery } from "@tanstack/react-query";
import { Area, AreaChart, CartesianGrid, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatClock } from "@/components/overview/time-axis.ts";
import { EmptyState } from "@/components/ui/empty-state.tsx";
import { ErrorPanel } from "@/components/ui/error-panel.tsx";
import { LoadingRows } from "@/components/ui/loading-rows.tsx";
import { useTRPC } from "@/lib/trpc/trpc-context.ts";
import { useNow } from "@/lib/use-now.ts";

const WINDOW_MS = 15 * 60_000;
const BUCKET_SECONDS = 10;
const REFRESH_MS = 5_000;

/** One metric of a device over the last 15 minutes (mean per 10 s, min–max band), refreshed live. */
export function TelemetryMetricChart({ deviceId, metric }: { deviceId: string; metric: string }) {
  const trpc = useTRPC();
  // The window moves every REFRESH_MS, and each move is a new query (the old data stays on screen
  // until it answers). A refetch interval alone would ask again for the window of the last render,
  // which ends before the newest readings: the chart froze whenever nothing else re-rendered it.
  const to = new Date(useNow(REFRESH_MS));
  const from = new Date(to.getTime() - WINDOW_MS);
  const query = useQuery({
    ...trpc.telemetry.series.queryOptions({
      deviceId,
      metric,
      from: from.toISOString(),
      to: to.toISOString(),
      bucketSeconds: BUCKET_SECONDS,
    }),
    placeholderData: (previous) => previous,
  });
  if (query.isPending) return <LoadingRows rows={2} label={`Loading ${metric}…`} />;
  if (query.isError)
    return <ErrorPanel title={`Could not load ${metric}`} error={query.error} onRetry={() => void query.refetch()} />;
  const points = query.data.map((b) => ({ t: Date.parse(String(b.bucket)), avg: b.avg, range: [b.min, b.max] }));
  const unit = query.data.find((b) => b.unit)?.unit ?? "";
  return (
    <figure style={{ margin: 0 }} aria-label={`${metric} chart`} data-points={points.length}>
      <figcaption style={{ fontWeight: 600, marginBottom: 6 }}>
        {metric}
        {unit ? <span style={{ color: "var(--muted)", fontWeight: 400 }}> ({unit})</span> : null}
        <span style={{ color: "var(--muted)", fontWeight: 400 }}>
          {" "}
          · {query.data.reduce((n, b) => n + b.count, 0)} readings
        </span>
      </figcaption>
      {points.length === 0 ? (
        <EmptyState title="No readings in the last 15 minutes" />
      ) : (
        <ResponsiveContainer width="100%" height={180}>
          <AreaChart data={points} margin={{ top: 4, right: 12, bottom: 0, left: 0 }}>
            <CartesianGrid stroke="#eef1f5" vertical={false} />
            <XAxis
              dataKey="t"
              type="number"
              domain={[from.getTime(), to.getTime()]}
              tickFormatter={formatClock}
              fontSize={11}
            />
            <YAxis fontSize={11} width={48} domain={["auto", "auto"]} />
            <Tooltip labelFormatter={(t) => formatClock(Number(t))} />
            <Area dataKey="range" name="min–max" stroke="none" fill="#dbeafe" isAnimationActive={false} />
            <Line
              dataKey="avg"
              name="mean"
              stroke="#2563eb"
              dot={points.length < 3}
              isAnimationActive={false}
              strokeWidth={2}
            />
          </AreaChart>
        </ResponsiveContainer>
      )}
    </figure>
  );
}
