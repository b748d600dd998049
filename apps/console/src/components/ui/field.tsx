import type { ReactNode } from "react";
import styles from "./field.module.css";

type Props = { label: string; hint?: string; error?: string | null; children: ReactNode };

/** A labelled form control (input, select or textarea as the child) with a hint or an error. */
export function Field({ label, hint, error, children }: Props) {
  return (
    <label className={styles.field}>
      <span>{label}</span>
      {children}
      {error ? (
        <span className={styles.invalid} role="alert">
          {error}
        </span>
      ) : hint ? (
        <span className={styles.hint}>{hint}</span>
      ) : null}
    </label>
  );
}
