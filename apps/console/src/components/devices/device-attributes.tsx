import styles from "./device-attributes.module.css";

/** A device's own attributes as JSON text: whatever it sent is shown as text, never as markup. */
export function DeviceAttributes({ attributes }: { attributes: Record<string, unknown> }) {
  if (Object.keys(attributes).length === 0) return <span>none</span>;
  return <pre className={styles.attributes}>{JSON.stringify(attributes, null, 2)}</pre>;
}
