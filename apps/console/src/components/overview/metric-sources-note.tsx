import { StatusBadge } from "@/components/ui/status-badge.tsx";
import type { MetricsSnapshot } from "./use-metrics-history.ts";

const NAMES = {
  ingestBridge: "Ingest bridge",
  rulesWorker: "Rules worker",
  writers: "Writers",
  kafka: "Kafka",
} as const;

/** Which metric sources answered: a chart without data names the service that did not. */
export function MetricSourcesNote({ sources }: { sources: MetricsSnapshot["sources"] }) {
  return (
    <div style={{ display: "flex", gap: 8, flexWrap: "wrap" }} aria-label="Metric sources">
      {(Object.keys(NAMES) as (keyof typeof NAMES)[]).map((key) => (
        <span key={key} title={sources[key].detail}>
          <StatusBadge tone={sources[key].ok ? "ok" : "danger"}>
            {`${NAMES[key]} ${sources[key].ok ? "reporting" : "not reporting"}`}
          </StatusBadge>
        </span>
      ))}
    </div>
  );
}
