import type { Session } from "next-auth";
import { OPERATOR_ROLE_LABELS } from "@/lib/operator.schema.ts";
import styles from "./app-header.module.css";
import { SignOutButton } from "./sign-out-button.tsx";

export function AppHeader({ operator }: { operator: Session["operator"] }) {
  return (
    <header className={styles.header}>
      <div className={styles.spacer} />
      <div className={styles.operator} data-testid="signed-in-operator">
        <span className={styles.name}>{operator.name || operator.email}</span>
        {operator.name ? <span className={styles.email}>{operator.email}</span> : null}
        <span className={styles.role}>{OPERATOR_ROLE_LABELS[operator.role]}</span>
      </div>
      <SignOutButton />
    </header>
  );
}
