import { cloneElement, type ReactElement, useId } from "react";
import styles from "./field.module.css";

type Control = ReactElement<{ id?: string; "aria-describedby"?: string; "aria-invalid"?: boolean }>;
type Props = { label: string; hint?: string; error?: string | null; children: Control };

/**
 * A labelled form control (an input, select or textarea) with a hint or an error. The hint is
 * linked with aria-describedby, outside the label, so the control's name is the label alone.
 */
export function Field({ label, hint, error, children }: Props) {
  const id = useId();
  const noteId = `${id}-note`;
  const note = error ?? hint;
  return (
    <div className={styles.field}>
      <label htmlFor={id}>{label}</label>
      {cloneElement(children, {
        id,
        "aria-describedby": note ? noteId : undefined,
        "aria-invalid": error ? true : undefined,
      })}
      {error ? (
        <span id={noteId} className={styles.invalid} role="alert">
          {error}
        </span>
      ) : hint ? (
        <span id={noteId} className={styles.hint}>
          {hint}
        </span>
      ) : null}
    </div>
  );
}
