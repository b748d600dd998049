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
import { ModelsTable } from "./models-table.tsx";

export function ModelsPage() {
  const trpc = useTRPC();
  const [search, setSearch] = useState("");
  const debounced = useDebouncedValue(search.trim());
  const query = useQuery(trpc.models.list.queryOptions(debounced ? { search: debounced } : undefined));
  return (
    <>
      <PageHeader
        title="Device models"
        description="What a kind of device sends (its telemetry JSON Schema) and whose certificates it may bootstrap with."
        actions={
          <Can permission="fleet:write">
            <Link className={`${buttonStyles.button} ${buttonStyles.primary}`} href="/models/new">
              New model
            </Link>
          </Can>
        }
      />
      <div className={toolbar.toolbar}>
        <label className={toolbar.grow}>
          Search
          <input
            type="search"
            placeholder="Model name"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            aria-label="Search models"
          />
        </label>
      </div>
      <QueryView
        query={query}
        what="models"
        isEmpty={(models) => models.length === 0}
        empty={
          <EmptyState title={debounced ? "No model matches" : "No device models yet"}>
            {debounced ? "Try another name." : "A model describes the telemetry its devices send."}
          </EmptyState>
        }
      >
        {(models) => <ModelsTable models={models} />}
      </QueryView>
    </>
  );
}
