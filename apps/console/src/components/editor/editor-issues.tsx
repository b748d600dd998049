import type { EditorIssue } from "./editor-issue.ts";
import styles from "./editor-issues.module.css";

/** The editor's problems as text under it (line:column and message), or a line saying it is valid. */
export function EditorIssues({ issues, validLabel }: { issues: EditorIssue[]; validLabel: string }) {
  if (issues.length === 0) {
    return (
      <p className={styles.ok} role="status">
        {validLabel}
      </p>
    );
  }
  return (
    <ul className={styles.list} aria-label="Problems">
      {issues.map((issue, i) => (
        <li key={i} className={issue.severity === "warning" ? `${styles.issue} ${styles.warning}` : styles.issue}>
          {issue.range ? (
            <span className={styles.where}>
              {issue.range.line}:{issue.range.column}
            </span>
          ) : null}
          <span>{issue.where ? `${issue.where}: ${issue.message}` : issue.message}</span>
        </li>
      ))}
    </ul>
  );
}
