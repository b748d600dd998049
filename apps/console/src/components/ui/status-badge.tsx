import styles from "./status-badge.module.css";

export type BadgeTone = "ok" | "warn" | "danger" | "neutral";

export function StatusBadge({ tone, children }: { tone: BadgeTone; children: string }) {
  return (
    <span className={`${styles.badge} ${styles[tone]}`}>
      <span className={styles.dot} aria-hidden="true" />
      {children}
    </span>
  );
}
