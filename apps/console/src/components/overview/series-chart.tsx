"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { EmptyState } from "@/components/ui/empty-state.tsx";
import { type Point, seriesKeys } from "./metrics-series.ts";
import { formatClock, SERIES_COLORS } from "./time-axis.ts";

type Props = { points: Point[]; unit: string; emptyTitle: string; emptyHint?: string; height?: number };

/** A line per series over clock time; the empty state says why there is nothing to draw yet. */
export function SeriesChart({ points, unit, emptyTitle, emptyHint, height = 220 }: Props) {
  const keys = seriesKeys(points);
  if (points.length === 0 || keys.length === 0) return <EmptyState title={emptyTitle}>{emptyHint}</EmptyState>;
  const format = (v: number) => `${v < 10 ? v.toFixed(2) : Math.round(v)} ${unit}`;
  return (
    <ResponsiveContainer width="100%" height={height}>
      <LineChart data={points} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
        <CartesianGrid stroke="#eef1f5" vertical={false} />
        <XAxis dataKey="t" type="number" domain={["dataMin", "dataMax"]} tickFormatter={formatClock} fontSize={11} />
        <YAxis fontSize={11} width={48} allowDecimals />
        <Tooltip labelFormatter={(t) => formatClock(Number(t))} formatter={(v) => format(Number(v))} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {keys.map((key, i) => (
          <Line
            key={key}
            dataKey={key}
            name={key}
            stroke={SERIES_COLORS[i % SERIES_COLORS.length]}
            dot={false}
            isAnimationActive={false}
            strokeWidth={2}
          />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}
