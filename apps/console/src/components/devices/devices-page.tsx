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
import { DeviceFilters } from "./device-filters.tsx";
import { DevicesTable } from "./devices-table.tsx";
import { useDeviceFilters } from "./use-device-filters.ts";

const PAGE_SIZE = 25;
const REFRESH_MS = 10_000;

export function DevicesPage() {
  const trpc = useTRPC();
  const { filters: chosen, update } = useDeviceFilters();
  const [search, setSearch] = useState(chosen.search ?? "");
  // The list query follows the search box once typing pauses.
  const debounced = useDebouncedValue(search.trim());
  const filters = { ...chosen, search: debounced || undefined };
  const pages = useCursorPages(JSON.stringify(filters));
  const query = useQuery({
    ...trpc.devices.list.queryOptions({ ...filters, cursor: pages.cursor, limit: PAGE_SIZE }),
    placeholderData: keepPreviousData,
    refetchInterval: REFRESH_MS,
  });
  const filtered = Object.values(filters).some(Boolean);
  return (
    <>
      <PageHeader title="Devices" description="Every provisioned device, its status, certificates and activity." />
      <DeviceFilters filters={chosen} search={search} onSearch={setSearch} onChange={update} />
      <QueryView
        query={query}
        what="devices"
        isEmpty={(page) => page.items.length === 0}
        empty={
          <EmptyState title={filtered ? "No device matches these filters" : "No devices yet"}>
            {filtered
              ? "Clear a filter or search for something else."
              : "Devices appear here once they provision (fleetctl provision, or the device SDK)."}
          </EmptyState>
        }
      >
        {(page) => (
          <>
            <DevicesTable devices={page.items} />
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
