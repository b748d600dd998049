"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Can } from "@/components/session/can.tsx";
import { useCan } from "@/components/session/use-can.ts";
import { Button } from "@/components/ui/button.tsx";
import { Card } from "@/components/ui/card.tsx";
import { EmptyState } from "@/components/ui/empty-state.tsx";
import { QueryView } from "@/components/ui/query-view.tsx";
import { StatusBadge } from "@/components/ui/status-badge.tsx";
import table from "@/components/ui/table.module.css";
import { formatDateTime } from "@/lib/format-time.ts";
import { useTRPC } from "@/lib/trpc/trpc-context.ts";
import type { CaScope } from "./ca-scope.ts";
import { RemoveCaButton } from "./remove-ca-button.tsx";
import { TrustCaDialog } from "./trust-ca-dialog.tsx";

/** The manufacturer CAs trusted for a model or a fleet, with upload and removal for writers. */
export function ManufacturerCasPanel({ scope }: { scope: CaScope }) {
  const trpc = useTRPC();
  const canWrite = useCan("fleet:write");
  const [adding, setAdding] = useState(false);
  const query = useQuery(trpc.manufacturerCas.list.queryOptions(scope));
  return (
    <Card
      title="Trusted manufacturer CAs"
      aside={
        <Can permission="fleet:write">
          <Button size="small" onClick={() => setAdding(true)}>
            Upload CA
          </Button>
        </Can>
      }
    >
      <QueryView
        query={query}
        what="trusted CAs"
        isEmpty={(cas) => cas.length === 0}
        empty={
          <EmptyState title="No trusted CAs">
            Devices bootstrap with a certificate from a trusted manufacturer CA.
          </EmptyState>
        }
      >
        {(cas) => (
          <table className={table.table}>
            <thead>
              <tr>
                <th>Name</th>
                <th>Fingerprint</th>
                <th>Valid until</th>
                {canWrite ? <th /> : null}
              </tr>
            </thead>
            <tbody>
              {cas.map((ca) => (
                <tr key={ca.id}>
                  <td>
                    <div className={table.strong}>{ca.name}</div>
                    <div className={table.muted}>{ca.subject}</div>
                    {ca.isTest ? <StatusBadge tone="warn">Test CA</StatusBadge> : null}
                  </td>
                  <td className={table.mono}>{ca.fingerprint}</td>
                  <td>{ca.expired ? <StatusBadge tone="danger">Expired</StatusBadge> : formatDateTime(ca.notAfter)}</td>
                  {canWrite ? (
                    <td className={table.actions}>
                      <RemoveCaButton caId={ca.id} name={ca.name} />
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </QueryView>
      {adding ? <TrustCaDialog scope={scope} onClose={() => setAdding(false)} /> : null}
    </Card>
  );
}
