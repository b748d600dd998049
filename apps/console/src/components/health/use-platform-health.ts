"use client";

import { useQuery } from "@tanstack/react-query";
import { type TPlatformHealth, ZPlatformHealth, ZPlatformHealthError } from "@/lib/platform-health.schema.ts";

const REFRESH_MS = 5_000;

async function getPlatformHealth(): Promise<TPlatformHealth> {
  const response = await fetch("/api/platform/health", { cache: "no-store" });
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = ZPlatformHealthError.safeParse(body);
    throw new Error(error.success ? error.data.error.message : `HTTP ${response.status}`);
  }
  return ZPlatformHealth.parse(body);
}

/** The platform's health, refreshed every few seconds while the page is open. */
export function usePlatformHealth() {
  return useQuery({ queryKey: ["platform-health"], queryFn: getPlatformHealth, refetchInterval: REFRESH_MS });
}
