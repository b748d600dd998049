"use client";

import { DEVICE_LIST_STATUSES } from "@fleetwire/registry/schemas";
import { usePathname, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";

export type DeviceFilterState = {
  search?: string;
  status?: (typeof DEVICE_LIST_STATUSES)[number];
  fleetId?: string;
  modelId?: string;
  firmwareVersion?: string;
};

const KEYS = ["search", "status", "fleetId", "modelId", "firmwareVersion"] as const;

/**
 * The device list's filters live in the URL, so a filtered list can be bookmarked and shared.
 * The URL is changed with the native history API (Next keeps useSearchParams in step), not
 * router.replace: the list is fetched in the browser, so a server round trip per change is
 * waste, and a late router.replace cancels a navigation the operator already started (typing a
 * search, then clicking a device before the debounce fired, bounced them back to the list).
 */
export function useDeviceFilters() {
  const params = useSearchParams();
  const pathname = usePathname();
  const filters = useMemo<DeviceFilterState>(() => {
    const status = params.get("status");
    return {
      search: params.get("search") || undefined,
      status: DEVICE_LIST_STATUSES.find((s) => s === status),
      fleetId: params.get("fleetId") || undefined,
      modelId: params.get("modelId") || undefined,
      firmwareVersion: params.get("firmwareVersion") || undefined,
    };
  }, [params]);
  const update = useCallback(
    (patch: Partial<DeviceFilterState>) => {
      const next = new URLSearchParams();
      const merged = { ...filters, ...patch };
      for (const key of KEYS) {
        const value = merged[key];
        if (value) next.set(key, value);
      }
      const query = next.toString();
      window.history.replaceState(null, "", query ? `${pathname}?${query}` : pathname);
    },
    [filters, pathname],
  );
  return { filters, update };
}
