import { describeTrpcError } from "@/lib/trpc/trpc-error.ts";
import { Button } from "./button.tsx";
import styles from "./error-panel.module.css";

type Props = { title: string; error: unknown; onRetry?: () => void; retrying?: boolean };

/** A failed load: what failed, the API's reason, and a way to try again. */
export function ErrorPanel({ title, error, onRetry, retrying = false }: Props) {
  return (
    <div className={styles.error} role="alert">
      <p className={styles.title}>{title}</p>
      <p className={styles.detail}>{describeTrpcError(error)}</p>
      {onRetry ? (
        <Button variant="secondary" size="small" onClick={onRetry} disabled={retrying}>
          {retrying ? "Retrying…" : "Retry"}
        </Button>
      ) : null}
    </div>
  );
}
