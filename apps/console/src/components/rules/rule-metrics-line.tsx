import tiles from "@/components/overview/stat-tile.module.css";
import { StatTile } from "@/components/overview/stat-tile.tsx";
import { formatRelative } from "@/lib/format-time.ts";
import type { RouterOutputs } from "@/lib/trpc/router-types.ts";

type Metrics = RouterOutputs["rules"]["get"]["metrics"];

/** The rule's counters from the workers: matches, errors and when it last matched. */
export function RuleMetricsLine({ metrics }: { metrics: Metrics }) {
  return (
    <div className={tiles.tiles}>
      <StatTile label="Matches" value={String(metrics?.matches ?? 0)} />
      <StatTile label="Errors" value={String(metrics?.errors ?? 0)} hint={metrics?.lastError ?? undefined} />
      <StatTile label="Last match" value={metrics?.lastMatchAt ? formatRelative(metrics.lastMatchAt) : "never"} />
    </div>
  );
}
