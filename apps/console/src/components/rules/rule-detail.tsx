"use client";

import { useQuery } from "@tanstack/react-query";
import { PageHeader } from "@/components/ui/page-header.tsx";
import { QueryView } from "@/components/ui/query-view.tsx";
import stack from "@/components/ui/stack.module.css";
import { useTRPC } from "@/lib/trpc/trpc-context.ts";
import { RuleEditor } from "./rule-editor.tsx";
import { RuleEnabledToggle } from "./rule-enabled-toggle.tsx";
import { RuleMetricsLine } from "./rule-metrics-line.tsx";
import { RuleStatusBadge } from "./rule-status-badge.tsx";
import { RuleVersionsCard } from "./rule-versions-card.tsx";

export function RuleDetail({ ruleId }: { ruleId: string }) {
  const trpc = useTRPC();
  const rule = useQuery({ ...trpc.rules.get.queryOptions({ ruleId }), refetchInterval: 10_000 });
  return (
    <QueryView query={rule} what="the rule">
      {(r) => (
        <>
          <PageHeader
            title={r.name}
            description={`${r.fleet.name} · version ${r.currentVersion} · priority ${r.priority}`}
            actions={
              <div className={stack.row}>
                <RuleStatusBadge status={r.status} />
                <RuleEnabledToggle ruleId={r.id} enabled={r.enabled} name={r.name} />
              </div>
            }
          />
          <div className={stack.stack}>
            <RuleMetricsLine metrics={r.metrics} />
            {/* Keyed by version: a saved version reloads the editor with what was stored. */}
            <RuleEditor key={r.currentVersion} rule={r} />
            <RuleVersionsCard ruleId={r.id} versions={r.versions} current={r.currentVersion} />
          </div>
        </>
      )}
    </QueryView>
  );
}
