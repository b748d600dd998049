"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { EmptyState } from "@/components/ui/empty-state.tsx";
import { PageHeader } from "@/components/ui/page-header.tsx";
import { QueryView } from "@/components/ui/query-view.tsx";
import stack from "@/components/ui/stack.module.css";
import toolbar from "@/components/ui/toolbar.module.css";
import { useTRPC } from "@/lib/trpc/trpc-context.ts";
import { CrlCard } from "./crl-card.tsx";
import { RevocationsTable } from "./revocations-table.tsx";

export function CertificatesPage() {
  const trpc = useTRPC();
  const [filter, setFilter] = useState("");
  const query = useQuery({ ...trpc.crl.get.queryOptions(), refetchInterval: 15_000 });
  const needle = filter.trim().toLowerCase();
  return (
    <>
      <PageHeader title="Certificates" description="The CRL and every revocation: which device, who, when and why." />
      <QueryView query={query} what="the CRL">
        {(crl) => {
          const entries = needle
            ? crl.entries.filter((e) =>
                [e.deviceId, e.serial, e.reason, e.revokedBy?.email ?? ""].some((v) =>
                  v.toLowerCase().includes(needle),
                ),
              )
            : crl.entries;
          return (
            <div className={stack.stack}>
              <CrlCard crl={crl} />
              <div>
                <div className={toolbar.toolbar}>
                  <label className={toolbar.grow}>
                    Filter revocations
                    <input
                      type="search"
                      placeholder="Device, serial, reason or operator"
                      value={filter}
                      onChange={(e) => setFilter(e.target.value)}
                    />
                  </label>
                </div>
                {entries.length === 0 ? (
                  <EmptyState title={needle ? "No revocation matches" : "No revoked certificates"}>
                    {needle
                      ? "Try another device id or operator."
                      : "Revoked certificates that have not expired are listed here."}
                  </EmptyState>
                ) : (
                  <RevocationsTable entries={entries} />
                )}
              </div>
            </div>
          );
        }}
      </QueryView>
    </>
  );
}
