import type { ReactNode } from "react";
import styles from "./detail-list.module.css";

/** Label/value pairs, e.g. a device's fleet, model and firmware. */
export function DetailList({ items }: { items: [label: string, value: ReactNode][] }) {
  return (
    <dl className={styles.list}>
      {items.map(([label, value]) => (
        <div key={label} style={{ display: "contents" }}>
          <dt>{label}</dt>
          <dd>{value ?? "—"}</dd>
        </div>
      ))}
    </dl>
  );
}
