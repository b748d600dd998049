"use client";

import { DEVICE_LIST_STATUSES } from "@fleetwire/registry/schemas";
import { useQuery } from "@tanstack/react-query";
import toolbar from "@/components/ui/toolbar.module.css";
import { useTRPC } from "@/lib/trpc/trpc-context.ts";
import type { DeviceFilterState } from "./use-device-filters.ts";

type Props = {
  filters: DeviceFilterState;
  search: string;
  onSearch: (text: string) => void;
  onChange: (patch: Partial<DeviceFilterState>) => void;
};

/** Search, status, fleet, model and firmware: each narrows the list the API returns. */
export function DeviceFilters({ filters, search, onSearch, onChange }: Props) {
  const trpc = useTRPC();
  const fleets = useQuery(trpc.fleets.list.queryOptions());
  const models = useQuery(trpc.models.list.queryOptions());
  return (
    <div className={toolbar.toolbar}>
      <label className={toolbar.grow}>
        Search
        <input
          type="search"
          placeholder="Device id, name or attribute"
          value={search}
          onChange={(e) => onSearch(e.target.value)}
          aria-label="Search devices"
        />
      </label>
      <label>
        Status
        <select
          value={filters.status ?? ""}
          onChange={(e) => onChange({ status: (e.target.value || undefined) as DeviceFilterState["status"] })}
        >
          <option value="">Any status</option>
          {DEVICE_LIST_STATUSES.map((status) => (
            <option key={status} value={status}>
              {status[0]?.toUpperCase()}
              {status.slice(1)}
            </option>
          ))}
        </select>
      </label>
      <label>
        Fleet
        <select value={filters.fleetId ?? ""} onChange={(e) => onChange({ fleetId: e.target.value || undefined })}>
          <option value="">Any fleet</option>
          {(fleets.data ?? []).map((fleet) => (
            <option key={fleet.id} value={fleet.id}>
              {fleet.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Model
        <select value={filters.modelId ?? ""} onChange={(e) => onChange({ modelId: e.target.value || undefined })}>
          <option value="">Any model</option>
          {(models.data ?? []).map((model) => (
            <option key={model.id} value={model.id}>
              {model.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Firmware
        <input
          placeholder="e.g. 1.4.2"
          value={filters.firmwareVersion ?? ""}
          onChange={(e) => onChange({ firmwareVersion: e.target.value || undefined })}
          size={10}
        />
      </label>
    </div>
  );
}
