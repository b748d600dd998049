"use client";

import { Card } from "@/components/ui/card.tsx";
import { ErrorPanel } from "@/components/ui/error-panel.tsx";
import { LoadingRows } from "@/components/ui/loading-rows.tsx";
import stack from "@/components/ui/stack.module.css";
import { ActiveAlertsCard } from "./active-alerts-card.tsx";
import { MetricSourcesNote } from "./metric-sources-note.tsx";
import { type Point, rates, sumBy, windowedMeanMs } from "./metrics-series.ts";
import { RejectionsChart } from "./rejections-chart.tsx";
import { SeriesChart } from "./series-chart.tsx";
import styles from "./stat-tile.module.css";
import { StatTile } from "./stat-tile.tsx";
import { type MetricsSnapshot, useMetricsHistory } from "./use-metrics-history.ts";

/** All series of a point added up (its time excluded). */
const pointTotal = (p: Point | undefined) =>
  p === undefined ? undefined : Object.entries(p).reduce((sum, [k, v]) => (k === "t" ? sum : sum + v), 0);
const fmt = (v: number | undefined) => (v === undefined ? "—" : v < 10 ? v.toFixed(1) : String(Math.round(v)));

/** Live platform metrics, refreshed every five seconds: rates need two snapshots, so charts fill in. */
export function OverviewMetrics() {
  const { query, history } = useMetricsHistory();
  if (query.isPending) return <LoadingRows rows={4} label="Loading platform metrics…" />;
  if (query.isError && history.length === 0) {
    return (
      <ErrorPanel title="Could not load platform metrics" error={query.error} onRetry={() => void query.refetch()} />
    );
  }
  // The history catches up with the first answer one render later.
  const last = history.at(-1) ?? query.data;
  if (!last) return <LoadingRows rows={4} label="Loading platform metrics…" />;
  const inRates = rates(history, (s) => sumBy(s.ingest.messagesIn, "protocol"));
  const rejectedRates = rates(history, (s) => sumBy(s.ingest.rejected, "protocol"));
  const lag = history.map((s) => ({
    t: Date.parse(s.at),
    ...Object.fromEntries(s.consumerLag.map((g) => [g.group, g.lag])),
  }));
  const latency = windowedMeanMs(history, (s) => ({
    "kafka write (ingest)": s.ingest.kafkaWriteSeconds,
    ...Object.fromEntries(s.writers.flushSeconds.map((w) => [`${w.role} flush`, { sum: w.sum, count: w.count }])),
  }));
  const latestIn = inRates.at(-1);
  const latestRejected = rejectedRates.at(-1);
  const waiting = "Rates appear after the second sample (5 s).";
  return (
    <div className={stack.stack}>
      <MetricSourcesNote sources={last.sources} />
      <div className={styles.tiles}>
        <StatTile label="Connected devices" value={String(last.connectedDevices)} />
        <StatTile label="Messages in / s" value={fmt(pointTotal(latestIn))} hint="all protocols" />
        <StatTile label="Rejected / s" value={fmt(pointTotal(latestRejected))} />
        <StatTile
          label="Consumer lag"
          value={String(last.consumerLag.reduce((a, g) => a + g.lag, 0))}
          hint="messages, all groups"
        />
      </div>
      <div className={stack.grid2}>
        <Card title="Messages in per second, by protocol">
          <SeriesChart points={inRates} unit="msg/s" emptyTitle="No messages yet" emptyHint={waiting} />
        </Card>
        <Card title="Rejected per second, by protocol">
          <SeriesChart points={rejectedRates} unit="msg/s" emptyTitle="No rejections yet" emptyHint={waiting} />
        </Card>
        <Card title="Rejections by protocol and reason">
          <RejectionsChart history={history} />
        </Card>
        <Card title="Kafka consumer lag">
          <SeriesChart
            points={lag}
            unit="msgs"
            emptyTitle="No consumer groups yet"
            emptyHint="Writers and the rules worker report lag once they consume."
          />
        </Card>
        <Card title="Writer latency (mean per interval)">
          <SeriesChart points={latency} unit="ms" emptyTitle="No writes in this window" emptyHint={waiting} />
        </Card>
        <ActiveAlertsCard />
      </div>
    </div>
  );
}
