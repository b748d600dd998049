"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { Can } from "@/components/session/can.tsx";
import buttonStyles from "@/components/ui/button.module.css";
import { EmptyState } from "@/components/ui/empty-state.tsx";
import { PageHeader } from "@/components/ui/page-header.tsx";
import { QueryView } from "@/components/ui/query-view.tsx";
import toolbar from "@/components/ui/toolbar.module.css";
import { useTRPC } from "@/lib/trpc/trpc-context.ts";
import { useDebouncedValue } from "@/lib/use-debounced-value.ts";
import { RulesTable } from "./rules-table.tsx";

export function RulesPage() {
  const trpc = useTRPC();
  const [search, setSearch] = useState("");
  const debounced = useDebouncedValue(search.trim());
  const query = useQuery({
    ...trpc.rules.list.queryOptions(debounced ? { search: debounced } : undefined),
    refetchInterval: 10_000,
  });
  return (
    <>
      <PageHeader
        title="Rules"
        description="Routing rules decide where telemetry goes and when alerts are raised; changes apply within seconds."
        actions={
          <Can permission="rule:write">
            <Link className={`${buttonStyles.button} ${buttonStyles.primary}`} href="/rules/new">
              New rule
            </Link>
          </Can>
        }
      />
      <div className={toolbar.toolbar}>
        <label className={toolbar.grow}>
          Search
          <input type="search" placeholder="Rule name" value={search} onChange={(e) => setSearch(e.target.value)} />
        </label>
      </div>
      <QueryView
        query={query}
        what="rules"
        isEmpty={(rules) => rules.length === 0}
        empty={
          <EmptyState title={debounced ? "No rule matches" : "No rules yet"}>
            {debounced
              ? "Try another name."
              : "Rules decide where telemetry goes: route_to timeseries stores it for charts."}
          </EmptyState>
        }
      >
        {(rules) => <RulesTable rules={rules} />}
      </QueryView>
    </>
  );
}
