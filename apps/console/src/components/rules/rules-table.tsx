import Link from "next/link";
import table from "@/components/ui/table.module.css";
import { TimeAgo } from "@/components/ui/time-ago.tsx";
import type { RouterOutputs } from "@/lib/trpc/router-types.ts";
import { RuleEnabledToggle } from "./rule-enabled-toggle.tsx";
import { RuleStatusBadge } from "./rule-status-badge.tsx";

type Rule = RouterOutputs["rules"]["list"][number];

export function RulesTable({ rules }: { rules: Rule[] }) {
  return (
    <div className={table.wrap}>
      <table className={table.table} aria-label="Rules">
        <thead>
          <tr>
            <th>Rule</th>
            <th>Fleet</th>
            <th>Status</th>
            <th>Version</th>
            <th>Priority</th>
            <th>Matches</th>
            <th>Errors</th>
            <th>Last match</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rules.map((rule) => (
            <tr key={rule.id}>
              <td>
                <Link className={table.strong} href={`/rules/${rule.id}`}>
                  {rule.name}
                </Link>
                {rule.description ? <div className={table.muted}>{rule.description}</div> : null}
              </td>
              <td>{rule.fleet.name}</td>
              <td>
                <RuleStatusBadge status={rule.status} />
              </td>
              <td>v{rule.currentVersion}</td>
              <td>{rule.priority}</td>
              <td>{rule.metrics?.matches ?? 0}</td>
              <td title={rule.metrics?.lastError ?? undefined}>{rule.metrics?.errors ?? 0}</td>
              <td className={table.muted}>
                <TimeAgo value={rule.metrics?.lastMatchAt} />
              </td>
              <td className={table.actions}>
                <RuleEnabledToggle ruleId={rule.id} enabled={rule.enabled} name={rule.name} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
