import styles from "./loading-rows.module.css";
import { VisuallyHidden } from "./visually-hidden.tsx";

/** Placeholder rows while data loads; screen readers hear the label instead. */
export function LoadingRows({ rows = 3, label = "Loading…" }: { rows?: number; label?: string }) {
  return (
    <div className={styles.loading} role="status" aria-live="polite">
      {Array.from({ length: rows }, (_, i) => (
        <span key={i} className={styles.skeleton} />
      ))}
      <VisuallyHidden>{label}</VisuallyHidden>
    </div>
  );
}
