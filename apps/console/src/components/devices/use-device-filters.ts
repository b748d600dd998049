"use client";

import { DEVICE_LIST_STATUSES } from "@fleetwire/registry/schemas";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";

export type DeviceFilterState = {
  search?: string;
  status?: (typeof DEVICE_LIST_STATUSES)[number];
  fleetId?: string;
  modelId?: string;
  firmwareVersion?: string;
};

const KEYS = ["search", "status", "fleetId", "modelId", "firmwareVersion"] as const;

/** The device list's filters live in the URL, so a filtered list can be bookmarked and shared. */
export function useDeviceFilters() {
  const params = useSearchParams();
  const router = useRouter();
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
      router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
    },
    [filters, pathname, router],
  );
  return { filters, update };
}
