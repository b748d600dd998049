import { StatusBadge } from "@/components/ui/status-badge.tsx";
import table from "@/components/ui/table.module.css";
import type { RouterOutputs } from "@/lib/trpc/router-types.ts";

type DryRun = RouterOutputs["rules"]["dryRun"];
type Ok = Extract<DryRun, { ok: true }>;

/** What the draft did to each message: matched or not, where it routed, which alerts it raised. */
export function DryRunResults({ result }: { result: Ok }) {
  const matched = result.results.filter((r) => r.matched).length;
  const alerts = result.results.reduce((n, r) => n + r.alerts.length, 0);
  return (
    <div>
      <p role="status" aria-label="Dry run summary">
        {result.results.length} message{result.results.length === 1 ? "" : "s"} from {result.source}: {matched} matched,{" "}
        {alerts} alert{alerts === 1 ? "" : "s"}.
      </p>
      {result.results.length > 0 ? (
        <table className={table.table} aria-label="Dry run results">
          <thead>
            <tr>
              <th>#</th>
              <th>Device</th>
              <th>Matched</th>
              <th>Routes</th>
              <th>Alerts</th>
              <th>Notes</th>
            </tr>
          </thead>
          <tbody>
            {result.results.map((r) => (
              <tr key={r.index}>
                <td>{r.index + 1}</td>
                <td className={table.mono}>{r.deviceId ?? "—"}</td>
                <td>
                  {r.matched ? (
                    <StatusBadge tone="ok">matched</StatusBadge>
                  ) : (
                    <StatusBadge tone="neutral">no</StatusBadge>
                  )}
                </td>
                <td className={table.mono}>{r.routes.map((route) => route.target).join(", ") || "—"}</td>
                <td>
                  {r.alerts.map((a) => (
                    <div key={a.dedupKey}>
                      <strong>{a.severity}</strong> {a.message}
                    </div>
                  ))}
                  {r.alerts.length === 0 ? "—" : null}
                </td>
                <td>
                  {r.invalidMessage ?? r.dropped ?? null}
                  {r.errors.map((e, i) => (
                    <div key={`${i}-${e.message}`} className={table.muted}>
                      {e.message}
                    </div>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
