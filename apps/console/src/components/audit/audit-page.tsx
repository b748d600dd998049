"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { CursorPager } from "@/components/ui/cursor-pager.tsx";
import { EmptyState } from "@/components/ui/empty-state.tsx";
import { PageHeader } from "@/components/ui/page-header.tsx";
import { QueryView } from "@/components/ui/query-view.tsx";
import { useTRPC } from "@/lib/trpc/trpc-context.ts";
import { useCursorPages } from "@/lib/use-cursor-pages.ts";
import { useDebouncedValue } from "@/lib/use-debounced-value.ts";
import { type AuditFilterState, AuditFilters } from "./audit-filters.tsx";
import { AuditTable } from "./audit-table.tsx";

const PAGE_SIZE = 50;

/** The whole audit log, newest first, with filters: the auditor's home. */
export function AuditPage() {
  const trpc = useTRPC();
  const [filters, setFilters] = useState<AuditFilterState>({});
  const applied = useDebouncedValue(filters, 300);
  const pages = useCursorPages(JSON.stringify(applied));
  const query = useQuery({
    ...trpc.audit.list.queryOptions({ ...applied, cursor: pages.cursor, limit: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
  const filtered = Object.values(applied).some(Boolean);
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Who did what, when, from where, and with which outcome. Append-only."
      />
      <AuditFilters filters={filters} onChange={(patch) => setFilters((f) => ({ ...f, ...patch }))} />
      <QueryView
        query={query}
        what="the audit log"
        isEmpty={(page) => page.items.length === 0}
        empty={<EmptyState title={filtered ? "No entry matches these filters" : "The audit log is empty"} />}
      >
        {(page) => (
          <>
            <AuditTable entries={page.items} />
            <CursorPager
              page={pages.page}
              hasPrevious={pages.page > 1}
              hasNext={Boolean(page.nextCursor)}
              onPrevious={pages.previous}
              onNext={() => page.nextCursor && pages.next(page.nextCursor)}
            />
          </>
        )}
      </QueryView>
    </>
  );
}
