"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { RouterOutputs } from "@/lib/trpc/router-types.ts";
import { useTRPC } from "@/lib/trpc/trpc-context.ts";

export type MetricsSnapshot = RouterOutputs["metrics"]["overview"];

const REFRESH_MS = 5_000;
/** Ten minutes of snapshots at one per five seconds. */
const KEEP = 120;

/** Polls `metrics.overview` and keeps the recent snapshots the charts turn into rates. */
export function useMetricsHistory() {
  const trpc = useTRPC();
  const query = useQuery({ ...trpc.metrics.overview.queryOptions(), refetchInterval: REFRESH_MS });
  const [history, setHistory] = useState<MetricsSnapshot[]>([]);
  useEffect(() => {
    const snapshot = query.data;
    if (!snapshot) return;
    setHistory((h) => (h.at(-1)?.at === snapshot.at ? h : [...h, snapshot].slice(-KEEP)));
  }, [query.data]);
  return { query, history };
}
