import { describeTrpcError } from "@/lib/trpc/trpc-error.ts";
import styles from "./form-error.module.css";

/** Why a submit failed: a local validation message or the API's answer. */
export function FormError({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <div className={styles.error} role="alert">
      {typeof error === "string" ? error : describeTrpcError(error)}
    </div>
  );
}
