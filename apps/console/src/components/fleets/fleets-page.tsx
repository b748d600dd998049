"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Can } from "@/components/session/can.tsx";
import { Button } from "@/components/ui/button.tsx";
import { EmptyState } from "@/components/ui/empty-state.tsx";
import { PageHeader } from "@/components/ui/page-header.tsx";
import { QueryView } from "@/components/ui/query-view.tsx";
import toolbar from "@/components/ui/toolbar.module.css";
import { useTRPC } from "@/lib/trpc/trpc-context.ts";
import { useDebouncedValue } from "@/lib/use-debounced-value.ts";
import { FleetFormDialog } from "./fleet-form-dialog.tsx";
import { FleetsTable } from "./fleets-table.tsx";

export function FleetsPage() {
  const trpc = useTRPC();
  const [search, setSearch] = useState("");
  const [creating, setCreating] = useState(false);
  const debounced = useDebouncedValue(search.trim());
  const query = useQuery(trpc.fleets.list.queryOptions(debounced ? { search: debounced } : undefined));
  return (
    <>
      <PageHeader
        title="Fleets"
        description="Fleets group devices of one customer or site, with their routing rules."
        actions={
          <Can permission="fleet:write">
            <Button onClick={() => setCreating(true)}>New fleet</Button>
          </Can>
        }
      />
      <div className={toolbar.toolbar}>
        <label className={toolbar.grow}>
          Search
          <input
            type="search"
            placeholder="Name or slug"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            aria-label="Search fleets"
          />
        </label>
      </div>
      <QueryView
        query={query}
        what="fleets"
        isEmpty={(fleets) => fleets.length === 0}
        empty={
          <EmptyState title={debounced ? "No fleet matches" : "No fleets yet"}>
            {debounced ? "Try another name or slug." : "Create a fleet to start provisioning devices into it."}
          </EmptyState>
        }
      >
        {(fleets) => <FleetsTable fleets={fleets} />}
      </QueryView>
      {creating ? <FleetFormDialog open onClose={() => setCreating(false)} /> : null}
    </>
  );
}
