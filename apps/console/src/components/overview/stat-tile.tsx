import styles from "./stat-tile.module.css";

export function StatTile({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <section className={styles.tile} aria-label={label}>
      <p className={styles.label}>{label}</p>
      <p className={styles.value}>{value}</p>
      {hint ? <p className={styles.hint}>{hint}</p> : null}
    </section>
  );
}
