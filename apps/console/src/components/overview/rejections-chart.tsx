"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { EmptyState } from "@/components/ui/empty-state.tsx";
import type { MetricsSnapshot } from "./use-metrics-history.ts";

/** Rejections since the page opened, by protocol and reason (what was refused, and why). */
export function RejectionsChart({ history }: { history: MetricsSnapshot[] }) {
  const first = history[0];
  const last = history.at(-1);
  if (!first || !last) return <EmptyState title="Waiting for data" />;
  const before = new Map(first.ingest.rejected.map((r) => [`${String(r.protocol)} · ${String(r.reason)}`, r.value]));
  const data = last.ingest.rejected
    .map((r) => {
      const key = `${String(r.protocol)} · ${String(r.reason)}`;
      return { key, count: Math.max(0, r.value - (before.get(key) ?? 0)), total: r.value };
    })
    .filter((d) => d.total > 0)
    .sort((a, b) => b.total - a.total);
  if (data.length === 0) {
    return (
      <EmptyState title="No rejections">Nothing was refused or quarantined since the ingest bridge started.</EmptyState>
    );
  }
  return (
    <ResponsiveContainer width="100%" height={Math.max(120, data.length * 34 + 40)}>
      <BarChart data={data} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 8 }}>
        <CartesianGrid stroke="#eef1f5" horizontal={false} />
        <XAxis type="number" fontSize={11} allowDecimals={false} />
        <YAxis type="category" dataKey="key" width={180} fontSize={11} />
        <Tooltip />
        <Bar dataKey="total" name="since start" fill="#fca5a5" isAnimationActive={false} />
        <Bar dataKey="count" name="while watching" fill="#dc2626" isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}
