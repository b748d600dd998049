import { StatusBadge } from "@/components/ui/status-badge.tsx";
import table from "@/components/ui/table.module.css";
import { TimeAgo } from "@/components/ui/time-ago.tsx";
import { OPERATOR_ROLE_LABELS } from "@/lib/operator.schema.ts";
import type { RouterOutputs } from "@/lib/trpc/router-types.ts";

type Operator = RouterOutputs["operators"]["list"][number];

export function OperatorsTable({ operators }: { operators: Operator[] }) {
  return (
    <div className={table.wrap}>
      <table className={table.table} aria-label="Operators">
        <thead>
          <tr>
            <th>Operator</th>
            <th>Role</th>
            <th>Status</th>
            <th>Last sign-in</th>
            <th>Created</th>
          </tr>
        </thead>
        <tbody>
          {operators.map((operator) => (
            <tr key={operator.id}>
              <td>
                <div className={table.strong}>{operator.displayName ?? operator.email}</div>
                {operator.displayName ? <div className={table.muted}>{operator.email}</div> : null}
              </td>
              <td>{OPERATOR_ROLE_LABELS[operator.role]}</td>
              <td>
                {operator.disabled ? (
                  <StatusBadge tone="neutral">Disabled</StatusBadge>
                ) : (
                  <StatusBadge tone="ok">Active</StatusBadge>
                )}
              </td>
              <td className={table.muted}>
                <TimeAgo value={operator.lastLoginAt} />
              </td>
              <td className={table.muted}>
                <TimeAgo value={operator.createdAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
