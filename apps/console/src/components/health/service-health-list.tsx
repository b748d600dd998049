import { StatusBadge } from "@/components/ui/status-badge.tsx";
import type { TPlatformHealth } from "@/lib/platform-health.schema.ts";
import styles from "./service-health-list.module.css";

export function ServiceHealthList({ services }: { services: TPlatformHealth["services"] }) {
  const entries = Object.entries(services).sort(([a], [b]) => a.localeCompare(b));
  return (
    <ul className={styles.list}>
      {entries.map(([name, result]) => (
        <li key={name} className={styles.row}>
          <span className={styles.name}>{name}</span>
          <span className={styles.detail}>{result.detail}</span>
          <StatusBadge tone={result.ok ? "ok" : "danger"}>{result.ok ? "Healthy" : "Down"}</StatusBadge>
        </li>
      ))}
    </ul>
  );
}
