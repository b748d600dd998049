import styles from "./device-attributes.module.css";

/** A JSON value as indented text: device-supplied strings stay text, never markup. */
export function JsonBlock({ value, label }: { value: unknown; label: string }) {
  return (
    <pre className={styles.attributes} aria-label={label}>
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}
