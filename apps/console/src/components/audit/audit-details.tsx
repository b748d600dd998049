/** An entry's details as JSON text behind a disclosure; user-supplied values stay text. */
export function AuditDetails({ details }: { details: unknown }) {
  if (details === null || details === undefined) return <span>—</span>;
  if (typeof details === "object" && Object.keys(details as object).length === 0) return <span>—</span>;
  return (
    <details>
      <summary>Show</summary>
      <pre style={{ margin: "6px 0 0", fontSize: 12, whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
        {JSON.stringify(details, null, 2)}
      </pre>
    </details>
  );
}
