"use client";

import { DEVICE_LIST_STATUSES } from "@fleetwire/registry/schemas";
import { useSearchParams } from "next/navigation";
import { useCallback, useState } from "react";

export type DeviceFilterState = {
  search?: string;
  status?: (typeof DEVICE_LIST_STATUSES)[number];
  fleetId?: string;
  modelId?: string;
  firmwareVersion?: string;
};

const KEYS = ["search", "status", "fleetId", "modelId", "firmwareVersion"] as const;

/**
 * The device list's filters. A link may set them (`/devices?status=online&search=pump`), but
 * changing them does not write the URL: in Next's app router a page's search params are part of
 * its cache key, so any URL change (router.replace or the native history API alike) fetched the
 * list page again from the server, and when the operator had already clicked a device that
 * fetch won and bounced them back to the list.
 */
export function useDeviceFilters() {
  const params = useSearchParams();
  const [filters, setFilters] = useState<DeviceFilterState>(() => {
    const status = params.get("status");
    return {
      search: params.get("search") || undefined,
      status: DEVICE_LIST_STATUSES.find((s) => s === status),
      fleetId: params.get("fleetId") || undefined,
      modelId: params.get("modelId") || undefined,
      firmwareVersion: params.get("firmwareVersion") || undefined,
    };
  });
  const update = useCallback((patch: Partial<DeviceFilterState>) => {
    setFilters((current) => {
      const merged = { ...current, ...patch };
      return Object.fromEntries(KEYS.map((key) => [key, merged[key] || undefined])) as DeviceFilterState;
    });
  }, []);
  return { filters, update };
}
