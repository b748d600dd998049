"use client";

import { Button } from "@/components/ui/button.tsx";
import { Card } from "@/components/ui/card.tsx";
import { EmptyState } from "@/components/ui/empty-state.tsx";
import { StatusBadge } from "@/components/ui/status-badge.tsx";
import styles from "./platform-health-panel.module.css";
import { ServiceHealthList } from "./service-health-list.tsx";
import { usePlatformHealth } from "./use-platform-health.ts";

function HealthBody({ query }: { query: ReturnType<typeof usePlatformHealth> }) {
  if (query.isPending) {
    return (
      <div className={styles.loading} role="status" aria-live="polite">
        <span className={styles.skeleton} />
        <span className={styles.skeleton} />
        <span className={styles.visuallyHidden}>Checking services…</span>
      </div>
    );
  }
  if (query.isError) {
    return (
      <div className={styles.error} role="alert">
        <p className={styles.errorTitle}>Could not load the platform's health</p>
        <p className={styles.errorDetail}>{query.error.message}</p>
        <Button variant="secondary" onClick={() => query.refetch()} disabled={query.isFetching}>
          {query.isFetching ? "Retrying…" : "Retry"}
        </Button>
      </div>
    );
  }
  if (Object.keys(query.data.services).length === 0) {
    return <EmptyState title="No services reported">The control plane answered but listed no services.</EmptyState>;
  }
  return <ServiceHealthList services={query.data.services} />;
}

/** Overview card: the control plane's view of the services the platform runs on. */
export function PlatformHealthPanel() {
  const query = usePlatformHealth();
  const aside = query.data ? (
    <StatusBadge tone={query.data.status === "ok" ? "ok" : "warn"}>
      {query.data.status === "ok" ? "All systems operational" : "Degraded"}
    </StatusBadge>
  ) : query.isError ? (
    <StatusBadge tone="danger">Unknown</StatusBadge>
  ) : null;
  return (
    <Card title="Platform health" aside={aside}>
      <HealthBody query={query} />
      {query.dataUpdatedAt > 0 ? (
        <p className={styles.updated}>Last checked {new Date(query.dataUpdatedAt).toLocaleTimeString()}</p>
      ) : null}
    </Card>
  );
}
